package io.privflow.request;

import java.util.List;

/** Input file patterns (absolute; globs allowed). At least one event source is present. */
public record Inputs(List<String> networkEvents, List<String> gpsEvents, List<String> cells) {
  public Inputs {
    networkEvents = List.copyOf(networkEvents);
    gpsEvents = List.copyOf(gpsEvents);
    cells = List.copyOf(cells);
  }
}
