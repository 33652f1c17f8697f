package io.privflow.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;

/**
 * Writes the regions as an RFC 7946 FeatureCollection: lon/lat, no "crs" member, exterior rings
 * counter-clockwise, 6 decimals. Each geometry is read back from the written text and checked for
 * validity, so a rounding problem fails the generator instead of the pipeline.
 */
final class RegionsGeoJson {
  private RegionsGeoJson() {}

  static void write(Country country, Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    GeoJsonWriter writer = new GeoJsonWriter(6);
    writer.setEncodeCRS(false);
    writer.setForceCCW(true);
    GeoJsonReader reader = new GeoJsonReader();

    ObjectNode root = mapper.createObjectNode();
    root.put("type", "FeatureCollection");
    ArrayNode features = root.putArray("features");
    for (SynthRegion r : country.regions) {
      String geometryJson = writer.write(r.geometry);
      check(reader, geometryJson, r);
      ObjectNode f = features.addObject();
      f.put("type", "Feature");
      ObjectNode props = f.putObject("properties");
      props.put("id", r.id);
      props.put("name", r.name);
      JsonNode geometry = mapper.readTree(geometryJson);
      f.set("geometry", geometry);
    }
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
      gen.useDefaultPrettyPrinter();
      mapper.writeTree(gen, root);
      gen.writeRaw('\n');
    }
  }

  private static void check(GeoJsonReader reader, String json, SynthRegion r) {
    try {
      Geometry back = reader.read(json);
      if (!back.isValid() || Math.abs(back.getArea() - r.geometry.getArea()) > 1e-9) {
        throw new IllegalStateException("region " + r.id + " is not valid after writing");
      }
    } catch (ParseException e) {
      throw new IllegalStateException("region " + r.id + " cannot be read back", e);
    }
  }
}
