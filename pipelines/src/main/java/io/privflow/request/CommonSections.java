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

  /**
   * {@code regions}: a file that exists or a grid, exactly one; {@code set} defaults to the file's
   * name (for a grid, the area file's name with the grid's).
   */
  static Regions regions(Check c, Sections.Regions r) {
    if (r == null) {
      c.problem("regions", "required");
      return null;
    }
    if (r.grid() != null && r.file() != null) {
      c.problem("regions", "give regions.file or regions.grid, not both");
    }
    if (r.grid() != null) {
      if (r.idProperty() != null || r.nameProperty() != null) {
        c.problem("regions", "id_property and name_property belong to a region file; a grid cell's id is its own");
      }
      Grid grid = grid(c, r.grid());
      String fallback = grid == null || grid.area() == null ? null
          : grid.area().getFileName() + "#" + grid.describe().replace(' ', '-');
      return grid == null ? null : Regions.of(grid, Check.text(r.set(), fallback));
    }
    Path file = c.existingFile("regions.file", r.file());
    String set = Check.text(r.set(), file == null ? null : file.getFileName().toString());
    return new Regions(file, Check.text(r.idProperty(), "id"), Check.text(r.nameProperty(), "name"), set);
  }

  /** {@code regions.grid}: a known system, its resolution or cell size in range, an area file that exists. */
  private static Grid grid(Check c, Sections.Grid g) {
    GridSystem system = GridSystem.ofLabel(g.system());
    if (g.system() == null) {
      c.missing("regions.grid.system", "required: h3 or etrs89_laea");
    } else if (system == null) {
      c.problem("regions.grid.system", "unknown grid system; use h3 or etrs89_laea");
    }
    if (system == GridSystem.H3) {
      if (g.resolution() == null) {
        c.missing("regions.grid.resolution", "required for an h3 grid (0 to " + Grid.MAX_H3_RESOLUTION + ")");
      } else if (g.resolution() < 0 || g.resolution() > Grid.MAX_H3_RESOLUTION) {
        c.problem("regions.grid.resolution", "must be an H3 resolution from 0 to " + Grid.MAX_H3_RESOLUTION);
      }
      if (g.cellM() != null) {
        c.problem("regions.grid.cell_m", "only for the etrs89_laea grid; an h3 grid takes a resolution");
      }
    } else if (system == GridSystem.ETRS89_LAEA) {
      if (g.cellM() == null) {
        c.missing("regions.grid.cell_m", "required for the etrs89_laea grid: 1000 or 10000 (metres)");
      } else if (!Grid.LAEA_CELL_METRES.contains(g.cellM())) {
        c.problem("regions.grid.cell_m", "must be 1000 or 10000 (metres), the cells of the European statistical grid");
      }
      if (g.resolution() != null) {
        c.problem("regions.grid.resolution", "only for an h3 grid; the etrs89_laea grid takes cell_m");
      }
    }
    Path area = null;
    if (g.area() == null) {
      c.missing("regions.grid.area", "required: a GeoJSON file whose (Multi)Polygon features bound the grid");
    } else {
      area = c.existingFile("regions.grid.area", g.area());
    }
    return system == null ? null : new Grid(system, g.resolution(), g.cellM(), area);
  }

  private static final java.util.regex.Pattern LEVEL_NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,31}");

  /**
   * A release's region hierarchy, or null without one: parents named by a property, by a region
   * file, or both; the two levels' names and budget shares, which add up to exactly 1.
   */
  static RegionHierarchy hierarchy(Check c, Sections.Regions r, Boolean rawNoisyTables) {
    boolean hierarchy = r != null && (r.parentProperty() != null || r.parents() != null);
    if (!hierarchy) {
      if (r != null && r.levels() != null) {
        c.problem("regions.levels", "only with a hierarchy: set regions.parent_property or regions.parents");
      }
      if (Boolean.TRUE.equals(rawNoisyTables)) {
        c.problem("output.raw_noisy_tables", "only with a region hierarchy (regions.parent_property or"
            + " regions.parents): a release of one level publishes its noisy tables as they are");
      }
      return null;
    }
    String property = null;
    if (r.parentProperty() != null) {
      property = Check.text(r.parentProperty(), null);
      if (property == null) {
        c.problem("regions.parent_property", "must name the feature property that holds each region's parent id");
      }
    }
    Path parentsFile = null;
    String parentsId = null;
    String parentsName = null;
    String parentsSet = null;
    if (r.parents() != null) {
      Sections.ParentRegions p = r.parents();
      parentsFile = c.existingFile("regions.parents.file", p.file());
      parentsId = Check.text(p.idProperty(), "id");
      parentsName = Check.text(p.nameProperty(), "name");
      parentsSet = Check.text(p.set(), parentsFile == null ? null : parentsFile.getFileName().toString());
    }
    if (r.levels() == null) {
      c.missing("regions.levels", "required with a hierarchy: the fine and the coarse level, each with a name"
          + " and a budget_share (the shares add up to 1)");
      return null;
    }
    RegionHierarchy.Level fine = level(c, "regions.levels.fine", r.levels().fine(), "fine");
    RegionHierarchy.Level coarse = level(c, "regions.levels.coarse", r.levels().coarse(), "coarse");
    if (fine == null || coarse == null) {
      return null;
    }
    if (fine.name().equals(coarse.name())) {
      c.problem("regions.levels", "the two levels need different names (they name the output files)");
    }
    if (fine.share() != null && coarse.share() != null && !fine.share().plus(coarse.share()).equals(
        io.privflow.privacy.Rational.ONE)) {
      c.problem("regions.levels", "the levels' budget shares add up to "
          + io.privflow.privacy.Decimals.plain(fine.share().plus(coarse.share())) + ", not 1");
    }
    return new RegionHierarchy(property, parentsFile, parentsId, parentsName, parentsSet, fine, coarse,
        Boolean.TRUE.equals(rawNoisyTables));
  }

  private static RegionHierarchy.Level level(Check c, String at, Sections.Level l, String defaultName) {
    if (l == null) {
      c.missing(at, "required (name and budget_share)");
      return null;
    }
    String name = Check.text(l.name(), defaultName);
    if (!LEVEL_NAME.matcher(name).matches()) {
      c.problem(at + ".name", "use lower-case letters, digits and '_', starting with a letter (at most 32)");
    }
    if (l.budgetShare() == null) {
      c.missing(at + ".budget_share", "required: this level's share of each cell metric's budget");
    }
    var share = l.budgetShare() == null ? null
        : c.positive(at + ".budget_share", l.budgetShare(), io.privflow.privacy.Rational.ONE, false);
    return new RegionHierarchy.Level(name, share);
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
