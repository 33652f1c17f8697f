package io.privflow.request;

import io.privflow.files.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A grid in place of a region file ({@code regions.grid}): every cell of {@code system} whose
 * centre lies in the area (the union of the (Multi)Polygon features of {@code area}) is a region.
 *
 * @param resolution the H3 resolution (0..15); null for the LAEA grid
 * @param cellMetres the LAEA cell side in metres (1000 or 10000); null for H3
 */
public record Grid(GridSystem system, Integer resolution, Integer cellMetres, Path area) {
  /** H3's resolutions. */
  public static final int MAX_H3_RESOLUTION = 15;
  /** The cell sides of the European statistical grid that a request may ask for. */
  public static final java.util.List<Integer> LAEA_CELL_METRES = java.util.List.of(1000, 10000);

  /** The grid without its area, one line: {@code h3 resolution 7} or {@code etrs89_laea cell_m 1000}. */
  public String describe() {
    return system == GridSystem.H3 ? "h3 resolution " + resolution : "etrs89_laea cell_m " + cellMetres;
  }

  /**
   * The region set's SHA-256, which a custodian approves in {@code allowed_region_sets}: the
   * digest of a canonical text naming the grid and the SHA-256 of the area file's bytes. Another
   * resolution, cell size or area file gives another digest.
   */
  public static String sha256(Grid g, String areaSha256) {
    String canonical = "privflow-grid-v1\nsystem=" + g.system().label()
        + (g.system() == GridSystem.H3 ? "\nresolution=" + g.resolution() : "\ncell_m=" + g.cellMetres())
        + "\narea_sha256=" + areaSha256 + "\n";
    return Digests.sha256(canonical.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #sha256(Grid, String)} of the area file as it is now. */
  public String sha256() throws IOException {
    return sha256(this, Digests.sha256(area));
  }
}
