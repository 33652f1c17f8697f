package io.privflow.regions;

/** A region file that cannot be used; the message names the file and the feature. */
public final class RegionFileException extends RuntimeException {
  public RegionFileException(String message) {
    super(message);
  }
}
