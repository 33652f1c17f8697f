package io.privflow.regions;

import java.io.Serializable;
import org.locationtech.jts.geom.Geometry;

/** One region of the public region set: its id, label and (valid, lon/lat) geometry. */
public record Region(String id, String name, Geometry geometry) implements Serializable {}
