package io.privflow.regions;

import io.privflow.request.GridSystem;
import java.io.Serializable;

/**
 * The grid of a {@link RegionSet} made of grid cells: its system and its resolution (H3) or cell
 * side in metres (LAEA). Serialisable and small; the grid libraries' objects are made from it on
 * each worker ({@link GridLocator}).
 */
public record GridCells(GridSystem system, int level) implements Serializable {}
