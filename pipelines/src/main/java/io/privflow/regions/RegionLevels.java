package io.privflow.regions;

import com.fasterxml.jackson.databind.JsonNode;
import io.privflow.request.RegionHierarchy;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Two levels of regions: the request's (fine) regions and their parents (coarse), with each fine
 * region's parent. Loaded and checked on the driver before any data is read; every problem is
 * listed at once.
 *
 * <p>The parent of a fine region comes from its {@code parent_property}, from the parents file (the
 * parent whose polygon holds the fine region), or from the property checked against the file. With
 * a parents file, a fine region belongs to a parent when the parent holds the fine region's
 * interior point (JTS {@code getInteriorPoint}: a point inside the polygon, never on its edge) and
 * at least {@code 1 - }{@value #MAX_OUTSIDE_SHARE} of the fine region's area (in degrees², a ratio,
 * so the projection matters little at this scale). Generalised boundaries from two sources rarely
 * match exactly; the tolerance takes that in, and a region further outside is refused. A parent
 * that no fine region lies in is left out of the coarse level (its cells could only be empty), with
 * a warning. Devices are located at the fine level only; their coarse cell is their fine cell's
 * parent, so the coarse counts are exactly the sums of the fine ones.
 */
public record RegionLevels(RegionSet fine, RegionSet coarse, int[] parentOf) implements Serializable {
  /** The largest share of a fine region's area that may lie outside its parent. */
  public static final double MAX_OUTSIDE_SHARE = 0.10;

  /**
   * @param fine the request's regions, loaded from {@code fineFile}
   * @throws RegionFileException listing every problem of the hierarchy
   */
  public static RegionLevels load(RegionSet fine, Path fineFile, RegionHierarchy h, Consumer<String> warnings) {
    List<String> problems = new ArrayList<>();
    String[] named = new String[fine.size()];
    if (h.parentProperty() != null) {
      named = parentIds(fine, fineFile, h.parentProperty(), problems);
    }
    RegionSet parents = null;
    if (h.parentsFile() != null) {
      parents = GeoJsonRegions.load(h.parentsFile(), h.parentsIdProperty(), h.parentsNameProperty(), warnings);
    }
    int[] parentIndex = new int[fine.size()];
    java.util.Arrays.fill(parentIndex, -1);
    List<Region> candidates = new ArrayList<>();
    if (parents == null) {
      Map<String, Integer> ids = new LinkedHashMap<>();
      for (int i = 0; i < fine.size(); i++) {
        if (named[i] != null) {
          parentIndex[i] = ids.computeIfAbsent(named[i], k -> ids.size());
        }
      }
      ids.keySet().forEach(id -> candidates.add(new Region(id, id, null)));
    } else {
      candidates.addAll(parents.regions());
      byGeometry(fine, parents, named, parentIndex, h.parentsFile().getFileName().toString(), problems);
    }
    if (!problems.isEmpty()) {
      throw new RegionFileException("the region hierarchy of " + fineFile.getFileName() + " has " + problems.size()
          + " problem(s), found before any data was read: " + String.join("; ", problems));
    }
    // Only parents holding a fine region form the coarse level, in their own order.
    int[] renumber = new int[candidates.size()];
    java.util.Arrays.fill(renumber, -1);
    for (int p : parentIndex) {
      renumber[p] = 0;
    }
    List<Region> coarse = new ArrayList<>();
    List<String> unused = new ArrayList<>();
    for (int p = 0; p < candidates.size(); p++) {
      if (renumber[p] == 0) {
        renumber[p] = coarse.size();
        coarse.add(candidates.get(p));
      } else {
        unused.add(candidates.get(p).id());
      }
    }
    if (!unused.isEmpty()) {
      warnings.accept("region hierarchy: " + unused.size() + " parent region(s) hold no region of "
          + fineFile.getFileName() + " and are left out of the coarse level: " + String.join(", ", unused));
    }
    int[] parentOf = new int[fine.size()];
    for (int i = 0; i < fine.size(); i++) {
      parentOf[i] = renumber[parentIndex[i]];
    }
    String name = parents != null ? parents.name() : fineFile.getFileName() + "#" + h.parentProperty();
    String sha = parents != null ? parents.sha256() : fine.sha256();
    return new RegionLevels(fine, new RegionSet(name, coarse, sha), parentOf);
  }

  /** Each fine region's parent id from its property, or null with a problem. */
  private static String[] parentIds(RegionSet fine, Path file, String property, List<String> problems) {
    List<JsonNode> values = GeoJsonRegions.propertyOf(file, property);
    String[] ids = new String[fine.size()];
    for (int i = 0; i < fine.size(); i++) {
      String where = "region " + fine.get(i).id() + " (feature #" + (i + 1) + ")";
      JsonNode v = i < values.size() ? values.get(i) : null;
      if (v != null && v.isArray()) {
        if (v.size() > 1) {
          problems.add(where + " has " + v.size() + " parents in property '" + property + "'; a region needs exactly"
              + " one");
          continue;
        }
        v = v.size() == 1 ? v.get(0) : null;
      }
      String id = v == null || !v.isValueNode() ? null : v.asText().strip();
      if (id == null || id.isEmpty()) {
        problems.add(where + " has no parent: property '" + property + "' is missing, empty or not an id");
        continue;
      }
      try {
        GeoJsonRegions.requireSafe(id, where, "its parent id");
        if (id.length() > GeoJsonRegions.MAX_ID_CHARS) {
          throw new RegionFileException(where + ": its parent id is longer than " + GeoJsonRegions.MAX_ID_CHARS
              + " characters");
        }
        ids[i] = id;
      } catch (RegionFileException e) {
        problems.add(e.getMessage());
      }
    }
    return ids;
  }

  /** Checks each fine region against the parents' polygons, and finds its parent when no property named one. */
  private static void byGeometry(RegionSet fine, RegionSet parents, String[] named, int[] parentIndex,
      String parentsFile, List<String> problems) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    List<PreparedGeometry> prepared = new ArrayList<>();
    for (int p = 0; p < parents.size(); p++) {
      ids.put(parents.get(p).id(), p);
      prepared.add(PreparedGeometryFactory.prepare(parents.get(p).geometry()));
    }
    for (int i = 0; i < fine.size(); i++) {
      Region r = fine.get(i);
      String where = "region " + r.id() + " (feature #" + (i + 1) + ")";
      Point inside = r.geometry().getInteriorPoint();
      List<Integer> holding = new ArrayList<>();
      for (int p = 0; p < prepared.size(); p++) {
        if (prepared.get(p).covers(inside)) {
          holding.add(p);
        }
      }
      int parent;
      if (named[i] != null) {
        Integer p = ids.get(named[i]);
        if (p == null) {
          problems.add(where + " names parent " + named[i] + ", which is not a region of " + parentsFile);
          continue;
        }
        if (!holding.contains(p)) {
          problems.add(where + ": its interior point is not inside its parent " + named[i] + " in " + parentsFile);
          continue;
        }
        parent = p;
      } else if (holding.isEmpty()) {
        problems.add(where + " has no parent: no region of " + parentsFile + " holds its interior point");
        continue;
      } else if (holding.size() > 1) {
        problems.add(where + " has " + holding.size() + " parents: regions "
            + String.join(", ", holding.stream().map(p -> parents.get(p).id()).toList()) + " of " + parentsFile
            + " all hold its interior point");
        continue;
      } else {
        parent = holding.get(0);
      }
      double outside = outsideShare(r.geometry(), parents.get(parent).geometry());
      if (outside > MAX_OUTSIDE_SHARE) {
        problems.add(where + ": " + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * outside) + " of its area lies"
            + " outside its parent " + parents.get(parent).id() + " in " + parentsFile + " (at most "
            + String.format(java.util.Locale.ROOT, "%.0f%%", 100 * MAX_OUTSIDE_SHARE) + " may)");
        continue;
      }
      parentIndex[i] = parent;
    }
  }

  /** The share of {@code fine}'s area outside {@code parent}. */
  static double outsideShare(Geometry fine, Geometry parent) {
    double area = fine.getArea();
    if (area <= 0) {
      return 0;
    }
    // Only the parent's polygons near the fine region matter (a coast has hundreds of islands);
    // the polygons of a valid MultiPolygon do not overlap, so their intersections' areas add up.
    double inside = 0;
    var box = fine.getEnvelopeInternal();
    for (int i = 0; i < parent.getNumGeometries(); i++) {
      Geometry part = parent.getGeometryN(i);
      if (part.getEnvelopeInternal().intersects(box)) {
        inside += OverlayNGRobust.overlay(fine, part, OverlayNG.INTERSECTION).getArea();
      }
    }
    return Math.max(0, 1 - inside / area);
  }
}
