package io.privflow.request;

import com.fasterxml.jackson.databind.JsonNode;
import io.privflow.config.Check;
import io.privflow.config.Sections;
import java.nio.file.Path;
import java.util.List;

/** The validation of the sections both request kinds share, into their domain records. */
final class CommonSections {
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
   * The fields a request may not set: the pseudonymisation key and the custodian-only directory
   * are the custodian's, named in the policy. A request that names them is refused, so that a
   * requester cannot key the pseudonyms with a file it knows or send custodian-only files to itself.
   */
  static void custodianOnly(Check c, JsonNode pseudonymization, Sections.Output o) {
    if (pseudonymization != null) {
      c.problem("pseudonymization", "not part of a request: the pseudonymisation key is the custodian's"
          + " (the policy's pseudonymization_key_file)");
    }
    if (o != null && o.custodianDirectory() != null) {
      c.problem("output.custodian_directory", "not part of a request: custodian-only files go where the"
          + " policy's custodian_directory says");
    }
  }

  /** {@code output.directory}: where the output is published. */
  static Path output(Check c, Sections.Output o) {
    if (o == null) {
      c.missing("output", "required");
      return null;
    }
    return c.path("output.directory", o.directory(), true);
  }
}
