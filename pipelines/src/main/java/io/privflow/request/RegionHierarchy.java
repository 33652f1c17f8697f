package io.privflow.request;

import io.privflow.privacy.Rational;
import java.nio.file.Path;

/**
 * A release at two levels of regions: the request's regions (the fine level) and their parents
 * (the coarse level), named by a property of each fine region ({@code parentProperty}), by a
 * second region file whose polygons hold the fine ones ({@code parentsFile}), or both. Each level
 * is released with its own share of every cell metric's budget; the shares add up to 1.
 *
 * @param rawNoisyTables whether the raw noisy tables of each level are published beside the
 *     consistent ones ({@code output.raw_noisy_tables})
 */
public record RegionHierarchy(String parentProperty, Path parentsFile, String parentsIdProperty,
    String parentsNameProperty, String parentsSet, Level fine, Level coarse, boolean rawNoisyTables) {

  /** A level's name (in file names and reports) and its share of each cell metric's budget. */
  public record Level(String name, Rational share) {}
}
