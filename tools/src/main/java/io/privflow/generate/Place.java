package io.privflow.generate;

import org.locationtech.jts.geom.Coordinate;

/**
 * Somewhere a device stays for a while: the cell that usually serves it there, and the actual spot
 * (a home or an office a few hundred metres from the antenna) around which its GPS fixes scatter.
 */
record Place(Cell cell, Coordinate spot) {}
