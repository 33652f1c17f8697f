package io.privflow.publish;

import io.privflow.model.NoisyCount;
import io.privflow.plan.ReleasePlan;
import io.privflow.privacy.HomeOdDomain;
import io.privflow.privacy.HomePresenceDomain;
import io.privflow.privacy.NoiseFigures;
import io.privflow.schemas.HomeOdCount;
import io.privflow.schemas.HomePresenceCount;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** The tables of the home metrics: a {@code home_region} column before the regions, "unknown" for no home. */
final class HomeTables {
  /** The {@code home_region} value of devices without a home (no region id may be spelled so). */
  static final String UNKNOWN = "unknown";

  private HomeTables() {}

  /** A home's {@code home_region} value: its region's id, or {@link #UNKNOWN}. */
  private static String homeId(MetricTable table, int home, int unknownHome) {
    return home == unknownHome ? UNKNOWN : table.regionId(home);
  }

  /** Home presence rows: window, home, region where the devices are. */
  static final class Presence extends MetricTable {
    private final HomePresenceDomain d;

    Presence(ReleasePlan plan, NoiseFigures noise, HomePresenceDomain d) {
      super(plan, noise);
      this.d = d;
    }

    private String home(NoisyCount c) {
      return homeId(this, d.homeOf(c.cell()), d.unknownHome());
    }

    @Override
    List<String> regionColumnNames() {
      return List.of("home_region", "region");
    }

    @Override
    int window(NoisyCount c) {
      return d.slotOf(c.cell());
    }

    @Override
    List<Object> regionColumns(NoisyCount c) {
      return List.of(home(c), regionId(d.regionOf(c.cell())));
    }

    @Override
    org.apache.avro.Schema schema() {
      return HomePresenceCount.getClassSchema();
    }

    @Override
    SpecificRecord record(NoisyCount c, Instant start, Instant end) {
      NoiseFigures.Interval ci = interval(c);
      return HomePresenceCount.newBuilder().setWindowStart(start).setWindowEnd(end).setHomeRegion(home(c))
          .setRegion(regionId(d.regionOf(c.cell()))).setCount(c.count())
          .setCi95Low(ci.low()).setCi95High(ci.high()).build();
    }
  }

  /** Home OD rows: the origin window, home, origin and destination (in the next window). */
  static final class Od extends MetricTable {
    private final HomeOdDomain d;

    Od(ReleasePlan plan, NoiseFigures noise, HomeOdDomain d) {
      super(plan, noise);
      this.d = d;
    }

    private String home(NoisyCount c) {
      return homeId(this, d.homeOf(c.cell()), d.unknownHome());
    }

    @Override
    List<String> regionColumnNames() {
      return List.of("home_region", "origin_region", "destination_region");
    }

    @Override
    int window(NoisyCount c) {
      return d.slotOf(c.cell());
    }

    @Override
    List<Object> regionColumns(NoisyCount c) {
      return List.of(home(c), regionId(d.originOf(c.cell())), regionId(d.destinationOf(c.cell())));
    }

    @Override
    org.apache.avro.Schema schema() {
      return HomeOdCount.getClassSchema();
    }

    @Override
    SpecificRecord record(NoisyCount c, Instant start, Instant end) {
      NoiseFigures.Interval ci = interval(c);
      return HomeOdCount.newBuilder().setWindowStart(start).setWindowEnd(end).setHomeRegion(home(c))
          .setOriginRegion(regionId(d.originOf(c.cell())))
          .setDestinationRegion(regionId(d.destinationOf(c.cell())))
          .setCount(c.count()).setCi95Low(ci.low()).setCi95High(ci.high()).build();
    }
  }
}
