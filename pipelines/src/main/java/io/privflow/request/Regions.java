package io.privflow.request;

import java.nio.file.Path;

/**
 * The region file and the name of its region set ({@code regions.set}; by default the file
 * name), which the custodian's policy may restrict to approved sets.
 */
public record Regions(Path file, String idProperty, String nameProperty, String set) {}
