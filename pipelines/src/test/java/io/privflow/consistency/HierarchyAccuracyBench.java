package io.privflow.consistency;

import io.privflow.model.NoisyCount;
import io.privflow.privacy.DiscreteLaplaceMechanism;
import io.privflow.privacy.NoiseMechanism;
import io.privflow.privacy.NoiseSampler;
import io.privflow.privacy.OdDomain;
import io.privflow.privacy.Rational;
import io.privflow.regions.GeoJsonRegions;
import io.privflow.regions.RegionLevels;
import io.privflow.regions.RegionSet;
import io.privflow.request.RegionHierarchy;
import io.privflow.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A benchmark, not a test (run it with {@code -Dprivflow.bench=hierarchy}): the error of each level
 * of an OD release over a real region hierarchy, with and without consistency, at equal total
 * budget. A synthetic population (seeded; its counts are the truth) moves between the kommuner of a
 * real hierarchy; each level's counts get the production discrete Laplace noise for its share of the
 * budget; "raw" scores those noisy values, "consistent" the production consistency step
 * ({@link WindowHierarchy}) applied to the same noisy values. Prints the markdown table of
 * docs/accuracy.md ("Region hierarchies").
 */
@EnabledIfSystemProperty(named = "privflow.bench", matches = "hierarchy")
class HierarchyAccuracyBench {
  static final int DAYS = 7;
  static final int L = 6;
  static final int REPETITIONS = 5;
  /** The threshold at which the published and empty cells are counted. */
  static final int K = 10;

  /** The third table: a partition selection at each level, raw and consistent. */
  static final StringBuilder SELECTION = new StringBuilder();

  /** The second table: published and empty cells per window at k = 10. */
  static final StringBuilder EMPTY = new StringBuilder();

  record Case(String name, String fine, String coarse, String property, int devices) {}

  /** A level's errors summed over cells, windows and repetitions. */
  static final class Score {
    double absAll;
    long cellsAll;
    double absBig;
    long cellsBig;
    double absEmpty;
    long cellsEmpty;
    double absSmall;
    long cellsSmall;
    long coveredBig;
    double absTotals;
    long windows;
    long covered;
    long published;
    long publishedEmpty;
    long selected;

    void cell(long truth, double estimate, long halfWidth) {
      double e = Math.abs(estimate - truth);
      absAll += e;
      cellsAll++;
      boolean holds = truth >= Math.max(0, estimate - halfWidth) && truth <= Math.max(0, estimate + halfWidth);
      if (truth >= 50) {
        absBig += e;
        cellsBig++;
        coveredBig += holds ? 1 : 0;
      } else if (truth > 0) {
        absSmall += e;
        cellsSmall++;
      }
      if (truth == 0) {
        absEmpty += e;
        cellsEmpty++;
      }
      covered += holds ? 1 : 0;
      if (estimate >= K) {
        published++;
        publishedEmpty += truth == 0 ? 1 : 0;
      }
    }

    String row() {
      return String.format(Locale.ROOT, "%s | %s | %s | %s | %.1f | %.1f%% | %s", f(absAll, cellsAll),
          f(absEmpty, cellsEmpty), f(absSmall, cellsSmall), f(absBig, cellsBig), absTotals / windows,
          100.0 * covered / cellsAll, cellsBig == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * coveredBig
              / cellsBig));
    }

    /** Published cells per window at k, and how many of them are empty. */
    String published() {
      return String.format(Locale.ROOT, "%.1f | %.1f", (double) published / windows, (double) publishedEmpty / windows);
    }

    private static String f(double sum, long n) {
      return n == 0 ? "-" : String.format(Locale.ROOT, "%.2f", sum / n);
    }
  }

  @Test
  void measure() throws Exception {
    Path regions = Fixtures.realData().resolve("regions");
    StringBuilder md = new StringBuilder();
    md.append("| hierarchy | level | cells per window | estimate | MAE, all cells | MAE, empty cells | MAE, cells"
        + " 1-49 | MAE, cells >= 50 | MAE of window total | ci95 holds truth | ci95 holds truth, cells >= 50 |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Case c : List.of(new Case("Denmark: 99 kommuner in 5 regioner", "dk_kommuner.geojson", "dk_regioner.geojson",
        "region_code", 50_000), new Case("Norway: 357 kommuner in 15 fylker", "no_kommuner_2024.geojson",
        "no_fylker_2024.geojson", "fylke_code", 50_000))) {
      long t0 = System.nanoTime();
      RegionSet fine = GeoJsonRegions.load(regions.resolve(c.fine()), "id", "name", w -> {});
      RegionLevels levels = RegionLevels.load(fine, regions.resolve(c.fine()), new RegionHierarchy(c.property(),
          null, "id", "name", null, new RegionHierarchy.Level("fine", Rational.of(1, 2)),
          new RegionHierarchy.Level("coarse", Rational.of(1, 2)), false), w -> {});
      md.append(run(c, levels));
      SELECTION.append(selection(c, levels));
      System.out.printf("%s: %.0f s%n", c.name(), (System.nanoTime() - t0) / 1e9);
    }
    System.out.println(md);
    System.out.println("| hierarchy | level | estimate | MAE, all cells | MAE, empty cells | MAE, cells 1-49 | MAE,"
        + " cells >= 50 | MAE of window total | ci95 holds truth | ci95 holds truth, cells >= 50 | published per"
        + " window |\n|---|---|---|---|---|---|---|---|---|---|---|\n" + SELECTION);
    System.out.println("| hierarchy | level | raw: published per window | raw: of which empty | consistent: published"
        + " per window | consistent: of which empty |\n|---|---|---|---|---|---|\n" + EMPTY);
  }

  /** Epsilon 1: OD 0.8 (kommune 0.4, coarse 0.4), window totals 0.2; L = 6 transitions per device, no cut. */
  static String run(Case c, RegionLevels levels) {
    int nf = levels.fine().size();
    int nc = levels.coarse().size();
    int slots = DAYS - 1;
    OdDomain fineD = new OdDomain(slots, nf);
    OdDomain coarseD = new OdDomain(slots, nc);
    LevelMap map = LevelMap.od(fineD, coarseD, levels.parentOf());
    long[] truthFine = population(c, levels, fineD);
    long[] truthCoarse = new long[(int) coarseD.size()];
    long[] truthTotal = new long[slots];
    for (int cell = 0; cell < truthFine.length; cell++) {
      truthCoarse[(int) map.parent(cell)] += truthFine[cell];
      truthTotal[fineD.slotOf(cell)] += truthFine[cell];
    }
    NoiseMechanism fineNoise = DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.4"), L);
    NoiseMechanism coarseNoise = DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.4"), L);
    NoiseMechanism totalNoise = DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.2"), L);
    // The alternative without a second release: all of OD's budget on the fine level, coarse = sums.
    NoiseMechanism fineOnlyNoise = DiscreteLaplaceMechanism.forEpsilon(Rational.parse("0.8"), L);
    HierarchySpec spec = new HierarchySpec(map, var(fineNoise), var(coarseNoise), var(totalNoise), 0, 0, false);
    long hf = fineNoise.figures().halfWidth95();
    long hc = coarseNoise.figures().halfWidth95();
    long hFineOnly = fineOnlyNoise.figures().halfWidth95();
    Score rawFine = new Score();
    Score rawCoarse = new Score();
    Score conFine = new Score();
    Score conCoarse = new Score();
    Score soloFine = new Score();
    Score soloCoarseScore = new Score();
    Score rawTotal = new Score();
    Score conTotal = new Score();
    NoiseSampler sf = fineNoise.newSampler();
    NoiseSampler sc = coarseNoise.newSampler();
    NoiseSampler st = totalNoise.newSampler();
    NoiseSampler so = fineOnlyNoise.newSampler();
    for (int rep = 0; rep < REPETITIONS; rep++) {
      for (int w = 0; w < slots; w++) {
        List<NoisyCount> fine = new ArrayList<>();
        List<NoisyCount> coarse = new ArrayList<>();
        double rawFineSum = 0;
        double rawCoarseSum = 0;
        double soloSum = 0;
        double[] soloCoarse = new double[nc * nc];
        for (long cell = fineD.cell(w, 0, 0); cell < fineD.cell(w + 1, 0, 0); cell++) {
          long y = truthFine[(int) cell] + sf.sample();
          fine.add(new NoisyCount(cell, y));
          rawFine.cell(truthFine[(int) cell], y, hf);
          rawFineSum += y;
          long yo = truthFine[(int) cell] + so.sample();
          soloFine.cell(truthFine[(int) cell], yo, hFineOnly);
          soloSum += yo;
          soloCoarse[(int) (map.parent(cell) - coarseD.cell(w, 0, 0))] += yo;
        }
        for (long cell = coarseD.cell(w, 0, 0); cell < coarseD.cell(w + 1, 0, 0); cell++) {
          long y = truthCoarse[(int) cell] + sc.sample();
          coarse.add(new NoisyCount(cell, y));
          rawCoarse.cell(truthCoarse[(int) cell], y, hc);
          rawCoarseSum += y;
          // A sum of the fine-only release's noisy cells: its 95% half-width by the normal approximation.
          long hSum = (long) Math.ceil(1.96 * Math.sqrt(map.children(cell) * var(fineOnlyNoise)));
          soloCoarseScore.cell(truthCoarse[(int) cell], soloCoarse[(int) (cell - coarseD.cell(w, 0, 0))], hSum);
        }
        long yt = truthTotal[w] + st.sample();
        Map<Table, List<NoisyCount>> out = WindowHierarchy.solve(spec, w, fine, coarse, new NoisyCount(w, yt));
        for (NoisyCount f : out.get(Table.FINE)) {
          conFine.cell(truthFine[(int) f.cell()], f.count(), hf);
        }
        for (NoisyCount k : out.get(Table.COARSE)) {
          conCoarse.cell(truthCoarse[(int) k.cell()], k.count(), hc);
        }
        long consistentTotal = out.get(Table.TOTAL).get(0).count();
        for (Score s : List.of(conFine, conCoarse, conTotal)) {
          s.absTotals += Math.abs(consistentTotal - truthTotal[w]);
          s.windows++;
        }
        rawFine.absTotals += Math.abs(rawFineSum - truthTotal[w]);
        rawCoarse.absTotals += Math.abs(rawCoarseSum - truthTotal[w]);
        soloFine.absTotals += Math.abs(soloSum - truthTotal[w]);
        soloCoarseScore.absTotals += Math.abs(soloSum - truthTotal[w]);
        for (Score s : List.of(rawFine, rawCoarse, soloFine, soloCoarseScore)) {
          s.windows++;
        }
      }
    }
    String name = c.name();
    EMPTY.append("| ").append(name).append(" | kommune | ").append(rawFine.published()).append(" | ")
        .append(conFine.published()).append(" |\n| | ").append(nc == 5 ? "region" : "fylke").append(" | ")
        .append(rawCoarse.published()).append(" | ").append(conCoarse.published()).append(" |\n");
    return "| " + name + " | kommune | " + (long) nf * nf + " | raw noisy (epsilon 0.4) | " + rawFine.row() + " |\n"
        + "| | | | consistent | " + conFine.row() + " |\n"
        + "| | | | fine level only (epsilon 0.8) | " + soloFine.row() + " |\n"
        + "| | " + (nc == 5 ? "region" : "fylke") + " | " + (long) nc * nc + " | raw noisy (epsilon 0.4) | "
        + rawCoarse.row() + " |\n"
        + "| | | | consistent | " + conCoarse.row() + " |\n"
        + "| | | | sums of the fine-only release | " + soloCoarseScore.row() + " |\n";
  }

  /**
   * Rho 0.5 (what a Laplace release of epsilon 1 is charged in a zCDP ledger): OD 0.8 split 0.4 and 0.4,
   * window totals 0.2; selection delta 1e-8 split like rho. Each level selects on its own noise; a
   * cell not published counts as 0.
   */
  static String selection(Case c, RegionLevels levels) {
    int nf = levels.fine().size();
    int nc = levels.coarse().size();
    int slots = DAYS - 1;
    OdDomain fineD = new OdDomain(slots, nf);
    OdDomain coarseD = new OdDomain(slots, nc);
    LevelMap map = LevelMap.od(fineD, coarseD, levels.parentOf());
    long[] truthFine = population(c, levels, fineD);
    long[] truthCoarse = new long[(int) coarseD.size()];
    long[] truthTotal = new long[slots];
    for (int cell = 0; cell < truthFine.length; cell++) {
      truthCoarse[(int) map.parent(cell)] += truthFine[cell];
      truthTotal[fineD.slotOf(cell)] += truthFine[cell];
    }
    var level = io.privflow.privacy.DiscreteGaussianMechanism.forRho(Rational.parse("0.2"), L);
    var total = io.privflow.privacy.DiscreteGaussianMechanism.forRho(Rational.parse("0.1"), L);
    long tau = io.privflow.privacy.SelectionThreshold.tau(level.sigmaSquared(), L, Rational.parse("0.000000004"));
    HierarchySpec spec = new HierarchySpec(map, var(level), var(level), var(total), tau, tau, true);
    long h = level.figures().halfWidth95();
    Score rawFine = new Score();
    Score rawCoarse = new Score();
    Score conFine = new Score();
    Score conCoarse = new Score();
    NoiseSampler sf = level.newSampler();
    NoiseSampler sc = level.newSampler();
    NoiseSampler st = total.newSampler();
    for (int rep = 0; rep < REPETITIONS; rep++) {
      for (int w = 0; w < slots; w++) {
        List<NoisyCount> fine = select(truthFine, fineD, w, sf, tau);
        List<NoisyCount> coarse = select(truthCoarse, coarseD, w, sc, tau);
        long yt = truthTotal[w] + st.sample();
        Map<Table, List<NoisyCount>> out = WindowHierarchy.solve(spec, w, fine, coarse, new NoisyCount(w, yt));
        long consistentTotal = out.get(Table.TOTAL).get(0).count();
        score(rawFine, fine, truthFine, fineD, w, h, truthTotal[w], null);
        score(rawCoarse, coarse, truthCoarse, coarseD, w, h, truthTotal[w], null);
        score(conFine, out.get(Table.FINE), truthFine, fineD, w, h, truthTotal[w], consistentTotal);
        score(conCoarse, out.get(Table.COARSE), truthCoarse, coarseD, w, h, truthTotal[w], consistentTotal);
      }
    }
    String coarseName = nc == 5 ? "region" : "fylke";
    return "| " + c.name() + " (tau " + tau + ") | kommune | raw selected | " + rawFine.row() + " | "
        + perWindow(rawFine) + " |\n| | | consistent | " + conFine.row() + " | " + perWindow(conFine) + " |\n| | "
        + coarseName + " | raw selected | " + rawCoarse.row() + " | " + perWindow(rawCoarse) + " |\n| | | consistent | "
        + conCoarse.row() + " | " + perWindow(conCoarse) + " |\n";
  }

  private static String perWindow(Score s) {
    return String.format(Locale.ROOT, "%.1f", (double) s.selected / s.windows);
  }

  /** The cells of one window a selection releases: those holding devices whose noisy count reaches tau. */
  private static List<NoisyCount> select(long[] truth, OdDomain d, int w, NoiseSampler s, long tau) {
    List<NoisyCount> out = new ArrayList<>();
    for (long cell = d.cell(w, 0, 0); cell < d.cell(w + 1, 0, 0); cell++) {
      if (truth[(int) cell] > 0) {
        long y = truth[(int) cell] + s.sample();
        if (y >= tau) {
          out.add(new NoisyCount(cell, y));
        }
      }
    }
    return out;
  }

  /**
   * Scores a window's published cells (0 for every other cell), and the window total: the consistent
   * one when given, else the sum of the published cells.
   */
  private static void score(Score s, List<NoisyCount> published, long[] truth, OdDomain d, int w, long h,
      long trueTotal, Long total) {
    Map<Long, Long> byCell = new java.util.HashMap<>();
    published.forEach(c -> byCell.put(c.cell(), c.count()));
    double sum = 0;
    for (long cell = d.cell(w, 0, 0); cell < d.cell(w + 1, 0, 0); cell++) {
      Long v = byCell.get(cell);
      s.cell(truth[(int) cell], v == null ? 0 : v, h);
      sum += v == null ? 0 : v;
    }
    s.selected += published.size();
    s.absTotals += Math.abs((total == null ? sum : total) - trueTotal);
    s.windows++;
  }

  private static double var(NoiseMechanism m) {
    double sd = m.figures().standardDeviation();
    return sd * sd;
  }

  /**
   * True OD counts over 7 days: each device has a home kommune (the most populous kommuner of the
   * file first, a Zipf-like weight), a second kommune (in the same parent region 4 times in 5), and
   * each day is at home (70%), at its second kommune (20%) or anywhere (10%).
   */
  static long[] population(Case c, RegionLevels levels, OdDomain d) {
    Random random = new Random(42);
    int n = levels.fine().size();
    double[] weight = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      weight[i] = 1 / Math.pow(1 + random.nextInt(n), 0.9);
      sum += weight[i];
    }
    double[] cumulative = new double[n];
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += weight[i] / sum;
      cumulative[i] = acc;
    }
    List<List<Integer>> siblings = new ArrayList<>();
    for (int p = 0; p < levels.coarse().size(); p++) {
      siblings.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      siblings.get(levels.parentOf()[i]).add(i);
    }
    long[] truth = new long[(int) d.size()];
    for (int dev = 0; dev < c.devices(); dev++) {
      int home = pick(cumulative, random);
      List<Integer> near = siblings.get(levels.parentOf()[home]);
      int second = random.nextDouble() < 0.8 ? near.get(random.nextInt(near.size())) : pick(cumulative, random);
      int prev = -1;
      for (int day = 0; day < DAYS; day++) {
        double u = random.nextDouble();
        int at = u < 0.7 ? home : u < 0.9 ? second : pick(cumulative, random);
        if (prev >= 0) {
          truth[(int) d.cell(day - 1, prev, at)]++;
        }
        prev = at;
      }
    }
    return truth;
  }

  private static int pick(double[] cumulative, Random random) {
    double u = random.nextDouble();
    int i = java.util.Arrays.binarySearch(cumulative, u);
    return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
  }
}
