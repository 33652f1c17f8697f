package io.privflow.request;

import io.privflow.config.Check;
import io.privflow.config.Sections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The validation of the sections both request kinds share, into their domain records. */
final class CommonSections {
  /** The environment variable naming the key file when the request does not. */
  static final String KEY_FILE_ENV = "PRIVFLOW_KEY_FILE";

  private CommonSections() {}

  static Inputs inputs(Check c, Sections.Inputs in) {
    if (in == null) {
      c.problem("inputs", "required");
      return new Inputs(List.of(), List.of(), List.of());
    }
    List<String> network = c.patterns("inputs.network_events", in.networkEvents(), true);
    List<String> gps = c.patterns("inputs.gps_events", in.gpsEvents(), true);
    List<String> cells = c.patterns("inputs.cells", in.cells(), true);
    if (network.isEmpty() && gps.isEmpty()) {
      c.problem("inputs", "name network_events, gps_events or both");
    }
    if (!network.isEmpty() && cells.isEmpty()) {
      c.problem("inputs.cells", "required with network_events (the cell reference)");
    }
    return new Inputs(network, gps, cells);
  }

  /** {@code regions}: the file must exist; {@code set} defaults to its file name. */
  static Regions regions(Check c, Sections.Regions r) {
    if (r == null) {
      c.problem("regions", "required");
      return null;
    }
    Path file = c.existingFile("regions.file", r.file());
    String set = Check.text(r.set(), file == null ? null : file.getFileName().toString());
    return new Regions(file, Check.text(r.idProperty(), "id"), Check.text(r.nameProperty(), "name"), set);
  }

  /**
   * {@code pseudonymization.key_file}, else {@code PRIVFLOW_KEY_FILE}: it must exist and be
   * readable. Null (and no problem) when {@code required} is false and neither is given.
   */
  static Path keyFile(Check c, Sections.Pseudonymization p, Map<String, String> env, boolean required, String hint) {
    Path key = p == null ? null : c.path("pseudonymization.key_file", p.keyFile(), false);
    String from = "pseudonymization.key_file";
    if (key == null) {
      String e = env.get(KEY_FILE_ENV);
      if (e == null || e.isBlank()) {
        if (required) {
          c.problem(from, "required (or set " + KEY_FILE_ENV + "); " + hint);
        }
        return null;
      }
      key = Path.of(e).toAbsolutePath().normalize();
      from = KEY_FILE_ENV;
    }
    if (!required) {
      return key;
    }
    if (!Files.isRegularFile(key)) {
      c.problem(from, "key file " + key + " does not exist");
    } else if (!Files.isReadable(key)) {
      c.problem(from, "key file " + key + " is not readable");
    }
    return key;
  }

  /** {@code output.directory} (required) and {@code output.custodian_directory} (default: beside it). */
  static Path[] outputs(Check c, Sections.Output o) {
    if (o == null) {
      c.problem("output", "required");
      return new Path[2];
    }
    Path dir = c.path("output.directory", o.directory(), true);
    Path custodian = c.path("output.custodian_directory", o.custodianDirectory(), false);
    if (custodian == null && dir != null) {
      custodian = dir.resolveSibling(dir.getFileName() + ".custodian");
    }
    return new Path[] {dir, custodian};
  }
}
