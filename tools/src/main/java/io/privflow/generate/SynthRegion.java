package io.privflow.generate;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * One generated region: its main town (the Voronoi site), a population weight that drives how many
 * towers it gets and how many people live and work there, and its polygon.
 */
final class SynthRegion {
  final int index;
  final String id;
  final String name;
  final Coordinate town;
  final double weight;
  final Geometry geometry;
  final PreparedGeometry prepared;

  SynthRegion(int index, String id, String name, Coordinate town, double weight, Geometry geometry) {
    this.index = index;
    this.id = id;
    this.name = name;
    this.town = town;
    this.weight = weight;
    this.geometry = geometry;
    this.prepared = PreparedGeometryFactory.prepare(geometry);
  }
}
