package io.privflow.regions;

import io.privflow.PrivflowException;

/** A region file that cannot be used; the message names the file and the feature. */
public final class RegionFileException extends PrivflowException {
  public RegionFileException(String message) {
    super(message);
  }
}
