package io.privflow.regions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * Loads a region set from an RFC 7946 GeoJSON FeatureCollection (lon/lat; Polygon and MultiPolygon).
 *
 * <p>Rules: every feature needs an id (the configured property, else the feature's own {@code id});
 * ids are unique; a geometry that is not valid (a self-intersecting ring, say) is repaired with
 * JTS's {@link GeometryFixer} and a warning naming the region is reported; one that is still empty
 * after repair is an error. Overlaps are allowed and resolved by {@link RegionIndex}.
 */
public final class GeoJsonRegions {
  private GeoJsonRegions() {}

  public static RegionSet load(Path file, String idProperty, String nameProperty, Consumer<String> warnings) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new RegionFileException("cannot read region file " + file + ": " + e.getClass().getSimpleName());
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new RegionFileException(
          "region file " + file + " is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw new RegionFileException("cannot parse region file " + file);
    }
    if (root == null || !"FeatureCollection".equals(root.path("type").asText())) {
      throw new RegionFileException("region file " + file + " is not a GeoJSON FeatureCollection");
    }
    JsonNode features = root.path("features");
    List<Region> regions = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    GeoJsonReader reader = new GeoJsonReader();
    for (int i = 0; i < features.size(); i++) {
      JsonNode f = features.get(i);
      String id = text(f.path("properties").get(idProperty));
      if (id == null) {
        id = text(f.get("id"));
      }
      String where = "region file " + file.getFileName() + ", feature #" + (i + 1);
      if (id == null) {
        throw new RegionFileException(where + " has no id (property '" + idProperty + "')");
      }
      where += " (id " + id + ")";
      if (!ids.add(id)) {
        throw new RegionFileException(where + ": the id is used by another feature too");
      }
      String name = text(f.path("properties").get(nameProperty));
      Geometry g = geometry(reader, f.get("geometry"), where);
      if (!g.isValid()) {
        g = GeometryFixer.fix(g);
        if (g.isEmpty() || !(g instanceof Polygon || g instanceof MultiPolygon)) {
          throw new RegionFileException(where + ": the geometry is invalid and cannot be repaired");
        }
        warnings.accept(where + ": invalid geometry (e.g. a self-intersecting ring) was repaired");
      }
      regions.add(new Region(id, name == null ? id : name, g));
    }
    if (regions.isEmpty()) {
      throw new RegionFileException("region file " + file + " has no features");
    }
    return new RegionSet(file.getFileName().toString(), regions, io.privflow.files.Digests.sha256(bytes));
  }

  private static Geometry geometry(GeoJsonReader reader, JsonNode node, String where) {
    if (node == null || node.isNull()) {
      throw new RegionFileException(where + " has no geometry");
    }
    String type = node.path("type").asText();
    if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
      throw new RegionFileException(where + ": geometry type " + type + " is not Polygon or MultiPolygon");
    }
    try {
      Geometry g = reader.read(node.toString());
      if (g.isEmpty()) {
        throw new RegionFileException(where + ": the geometry is empty");
      }
      return g;
    } catch (ParseException | RuntimeException e) {
      if (e instanceof RegionFileException r) {
        throw r;
      }
      throw new RegionFileException(where + ": the geometry cannot be read (" + e.getMessage() + ")");
    }
  }

  private static String text(JsonNode n) {
    if (n == null || n.isNull()) {
      return null;
    }
    String s = n.asText().strip();
    return s.isEmpty() ? null : s;
  }

}
