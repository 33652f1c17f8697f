package io.privflow.regions;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
 * ids are unique, at most {@value #MAX_ID_CHARS} characters, and neither ids nor names hold control
 * characters or bidirectional formatting characters (they reach CSV files and reports, where such
 * characters can disguise one id as another); every position is a WGS84 longitude in [-180, 180]
 * and latitude in [-90, 90], and every ring is closed with at least 4 positions; a geometry that is
 * not valid (a self-intersecting ring, say) is repaired with JTS's {@link GeometryFixer} and a
 * warning naming the region is reported; one that is still empty after repair is an error. Overlaps
 * are allowed and resolved by {@link RegionIndex}.
 *
 * <p>A region file is public, but it is read before anything else and could be hostile: it is
 * limited to {@value #MAX_FILE_MIB} MiB and {@value #MAX_NESTING_DEPTH} levels of nesting, and every
 * failure (of Jackson, of JTS) becomes a {@link RegionFileException} naming the file, the feature
 * and the rule, never quoting text from the file (a refused id is not repeated either).
 */
public final class GeoJsonRegions {
  /** Comfortably above real region files: the 10m world countries file is 12 MB. */
  static final int MAX_FILE_MIB = 64;
  static final long MAX_FILE_BYTES = (long) MAX_FILE_MIB << 20;
  /** A FeatureCollection needs 8 levels to a MultiPolygon's numbers; properties may nest a little. */
  static final int MAX_NESTING_DEPTH = 64;
  static final int MAX_ID_CHARS = 128;

  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .build());

  private GeoJsonRegions() {}

  public static RegionSet load(Path file, String idProperty, String nameProperty, Consumer<String> warnings) {
    byte[] bytes = read(file);
    JsonNode features = features(file, bytes);
    List<Region> regions = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    GeoJsonReader reader = new GeoJsonReader();
    for (int i = 0; i < features.size(); i++) {
      regions.add(feature(features.get(i), "region file " + file.getFileName() + ", feature #" + (i + 1), idProperty,
          nameProperty, ids, reader, warnings));
    }
    if (regions.isEmpty()) {
      throw new RegionFileException("region file " + file + " has no features");
    }
    return new RegionSet(file.getFileName().toString(), regions, io.privflow.files.Digests.sha256(bytes));
  }

  /**
   * The polygons of every feature of an area file (the bounds of a grid), under the rules and
   * limits of a region file except that a feature needs no id; an invalid geometry is repaired
   * with a warning. Empty when the file has no feature.
   */
  public static List<Polygon> polygons(Path file, Consumer<String> warnings) {
    JsonNode features = features(file, read(file));
    List<Polygon> out = new ArrayList<>();
    GeoJsonReader reader = new GeoJsonReader();
    for (int i = 0; i < features.size(); i++) {
      String where = "area file " + file.getFileName() + ", feature #" + (i + 1);
      if (!features.get(i).isObject()) {
        throw new RegionFileException(where + " is not a GeoJSON Feature object");
      }
      Geometry g = geometry(reader, features.get(i).get("geometry"), where);
      if (!(g.getArea() > 0)) {
        throw new RegionFileException(where + ": the polygon has zero area; an area must enclose some ground");
      }
      g = valid(g, where, warnings);
      for (int p = 0; p < g.getNumGeometries(); p++) {
        out.add((Polygon) g.getGeometryN(p));
      }
    }
    return out;
  }

  /** The features of a FeatureCollection, read under the file's limits. */
  private static JsonNode features(Path file, byte[] bytes) {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw new RegionFileException("region file " + file + " is nested deeper than " + MAX_NESTING_DEPTH
          + " levels (or breaks another limit of the JSON reader)" + line(e.getLocation()));
    } catch (JsonProcessingException e) {
      throw new RegionFileException("region file " + file + " is not valid JSON" + line(e.getLocation()));
    } catch (IOException e) {
      throw new RegionFileException("cannot parse region file " + file);
    }
    if (root == null || !"FeatureCollection".equals(root.path("type").asText())) {
      throw new RegionFileException("region file " + file + " is not a GeoJSON FeatureCollection");
    }
    JsonNode features = root.path("features");
    if (!features.isArray()) {
      throw new RegionFileException("region file " + file + ": 'features' is not a list");
    }
    return features;
  }

  /**
   * The value of {@code property} of every feature, in file order (a region's index), or null where
   * a feature lacks it: for a property naming each region's parent. The file is read under the
   * same limits as {@link #load}, which must have accepted it first.
   */
  public static List<JsonNode> propertyOf(Path file, String property) {
    JsonNode root;
    try {
      root = JSON.readTree(read(file));
    } catch (IOException e) {
      throw new RegionFileException("cannot parse region file " + file);
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode f : root.path("features")) {
      JsonNode v = f.path("properties").get(property);
      out.add(v == null || v.isNull() ? null : v);
    }
    return out;
  }

  /** The file's bytes, refused above the size limit (read no further than one byte past it). */
  private static byte[] read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = Files.size(file) > MAX_FILE_BYTES ? null : in.readNBytes((int) MAX_FILE_BYTES + 1);
      if (bytes == null || bytes.length > MAX_FILE_BYTES) {
        throw new RegionFileException("region file " + file + " is larger than " + MAX_FILE_MIB
            + " MiB, the limit for a region file");
      }
      return bytes;
    } catch (IOException e) {
      throw new RegionFileException("cannot read region file " + file + ": " + e.getClass().getSimpleName());
    }
  }

  private static String line(JsonLocation at) {
    return at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ")";
  }

  private static Region feature(JsonNode f, String where, String idProperty, String nameProperty, Set<String> ids,
      GeoJsonReader reader, Consumer<String> warnings) {
    if (!f.isObject()) {
      throw new RegionFileException(where + " is not a GeoJSON Feature object");
    }
    String id = text(f.path("properties").get(idProperty));
    if (id == null) {
      id = text(f.get("id"));
    }
    if (id == null) {
      throw new RegionFileException(where + " has no id (property '" + idProperty + "')");
    }
    requireSafe(id, where, "its id");
    if (id.length() > MAX_ID_CHARS) {
      throw new RegionFileException(where + ": its id is longer than " + MAX_ID_CHARS + " characters");
    }
    String name = text(f.path("properties").get(nameProperty));
    if (name != null) {
      requireSafe(name, where, "its name (property '" + nameProperty + "')");
    }
    where += " (id " + id + ")"; // safe to show now: a region id is public, and checked above
    if (!ids.add(id)) {
      throw new RegionFileException(where + ": the id is used by another feature too");
    }
    Geometry g = valid(geometry(reader, f.get("geometry"), where), where, warnings);
    return new Region(id, name == null ? id : name, g);
  }

  /** The geometry, repaired with a warning when it is not valid. */
  private static Geometry valid(Geometry g, String where, Consumer<String> warnings) {
    try {
      if (!g.isValid()) {
        g = GeometryFixer.fix(g);
        if (g.isEmpty() || !(g instanceof Polygon || g instanceof MultiPolygon)) {
          throw new RegionFileException(where + ": the geometry is invalid and cannot be repaired");
        }
        warnings.accept(where + ": invalid geometry (e.g. a self-intersecting ring) was repaired");
      }
    } catch (RuntimeException e) {
      if (e instanceof RegionFileException r) {
        throw r;
      }
      throw new RegionFileException(where + ": the geometry cannot be checked or repaired");
    }
    return g;
  }

  /**
   * Refuses control characters (Unicode category Cc) and bidirectional formatting characters
   * (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069): names which rule, never the text.
   */
  static void requireSafe(String text, String where, String what) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.getType(cp) == Character.CONTROL) {
        throw new RegionFileException(where + ": " + what + " contains a control character");
      }
      if (isBidiControl(cp)) {
        throw new RegionFileException(where + ": " + what + " contains a bidirectional formatting character");
      }
      i += Character.charCount(cp);
    }
  }

  static boolean isBidiControl(int cp) {
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  private static Geometry geometry(GeoJsonReader reader, JsonNode node, String where) {
    if (node == null || node.isNull()) {
      throw new RegionFileException(where + " has no geometry");
    }
    String type = node.path("type").asText();
    JsonNode coordinates = node.get("coordinates");
    if (type.equals("Polygon")) {
      polygon(coordinates, where, "");
    } else if (type.equals("MultiPolygon")) {
      if (coordinates == null || !coordinates.isArray()) {
        throw new RegionFileException(where + ": the MultiPolygon's coordinates are not a list of polygons");
      }
      for (int p = 0; p < coordinates.size(); p++) {
        polygon(coordinates.get(p), where, "polygon " + (p + 1) + ", ");
      }
    } else {
      // The type is named only when it is one of GeoJSON's own: anything else is the file's text.
      boolean geoJson = List.of("Point", "MultiPoint", "LineString", "MultiLineString", "GeometryCollection")
          .contains(type);
      throw new RegionFileException(where + ": geometry type " + (geoJson ? type : "(not a GeoJSON type)")
          + " is not Polygon or MultiPolygon");
    }
    Geometry g;
    try {
      g = reader.read(node.toString());
    } catch (ParseException | RuntimeException e) {
      throw new RegionFileException(where + ": the geometry cannot be read");
    }
    if (g.isEmpty()) {
      throw new RegionFileException(where + ": the geometry is empty");
    }
    return g;
  }

  /** A Polygon's coordinates: rings of closed lists of at least 4 WGS84 positions. */
  private static void polygon(JsonNode rings, String where, String at) {
    if (rings == null || !rings.isArray()) {
      throw new RegionFileException(where + ": " + at + "the coordinates are not a list of rings");
    }
    for (int r = 0; r < rings.size(); r++) {
      JsonNode ring = rings.get(r);
      String ringAt = at + "ring " + (r + 1);
      if (!ring.isArray()) {
        throw new RegionFileException(where + ": " + ringAt + " is not a list of positions");
      }
      if (ring.size() < 4) {
        throw new RegionFileException(where + ": " + ringAt + " has fewer than 4 positions");
      }
      for (int p = 0; p < ring.size(); p++) {
        position(ring.get(p), where, ringAt + ", position " + (p + 1));
      }
      JsonNode first = ring.get(0);
      JsonNode last = ring.get(ring.size() - 1);
      if (first.get(0).asDouble() != last.get(0).asDouble() || first.get(1).asDouble() != last.get(1).asDouble()) {
        throw new RegionFileException(where + ": " + ringAt + " is not closed (its first and last positions differ)");
      }
    }
  }

  private static void position(JsonNode pos, String where, String at) {
    if (!pos.isArray() || pos.size() < 2 || pos.size() > 3) {
      throw new RegionFileException(where + ": " + at + " is not a [longitude, latitude] position");
    }
    for (JsonNode n : pos) {
      if (!n.isNumber()) {
        throw new RegionFileException(where + ": " + at + " holds something other than a number");
      }
    }
    double lon = pos.get(0).asDouble();
    double lat = pos.get(1).asDouble();
    if (!(lon >= -180 && lon <= 180)) {
      throw new RegionFileException(where + ": " + at + " has a longitude outside [-180, 180]");
    }
    if (!(lat >= -90 && lat <= 90)) {
      throw new RegionFileException(where + ": " + at + " has a latitude outside [-90, 90]");
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
