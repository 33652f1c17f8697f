package io.privflow.generate;

import io.privflow.schemas.ConsentRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.csv.CSVPrinter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * The consent registry ({@code consent_registry.csv} and its Parquet twin): a minority of the
 * devices (about one in eight) consent to one or two purposes, some consents expire, a few are
 * withdrawn, one subject consents again after withdrawing, and one row is deliberately incomplete.
 *
 * <p>It draws from its own random stream, so adding it changed no other generated file.
 */
final class ConsentRegistryOutput {
  static final String PUBLIC_HEALTH = "public_health_research";
  static final String TRAFFIC = "traffic_planning";
  private static final double CONSENT_SHARE = 0.125;
  private static final String[] CHANNELS = {"app", "web", "shop"};
  private static final String[] TEXT_VERSIONS = {"2019-11", "2020-02"};

  private ConsentRegistryOutput() {}

  private record Row(long key, String purpose, Instant granted, Instant validUntil, Instant revoked,
      String textVersion, String channel) {}

  /** What was written: rows per file and distinct consenting devices. */
  record Written(long rows, int subjects) {}

  static Written write(long[] keys, GenerateOptions o, Path dir, Draw d) throws IOException {
    Instant start = o.start().atStartOfDay(ZoneOffset.UTC).toInstant();
    long periodSeconds = Duration.between(start, o.end().atStartOfDay(ZoneOffset.UTC).toInstant()).toSeconds();
    List<Row> rows = new ArrayList<>();
    int subjects = 0;
    boolean reconsented = false;
    boolean incomplete = false;
    for (long key : keys) {
      if (!d.chance(CONSENT_SHARE)) {
        if (!incomplete && d.chance(0.05)) {
          // A row without its consent text version: rejected by the consent path, never consent.
          rows.add(new Row(key, PUBLIC_HEALTH, start.minus(Duration.ofDays(20)), null, null, null, "web"));
          incomplete = true;
        }
        continue;
      }
      subjects++;
      String first = d.chance(0.6) ? PUBLIC_HEALTH : TRAFFIC;
      List<String> purposes = new ArrayList<>(List.of(first));
      if (d.chance(0.2)) {
        purposes.add(first.equals(PUBLIC_HEALTH) ? TRAFFIC : PUBLIC_HEALTH);
      }
      for (String purpose : purposes) {
        // Most consents predate the period; some are given during it (they cover only its end).
        Instant granted = d.chance(0.75)
            ? start.minusSeconds((long) d.uniform(86_400, 120 * 86_400.0))
            : start.plusSeconds((long) d.uniform(0, periodSeconds));
        Instant until = null;
        if (d.chance(0.2)) {
          until = start.plusSeconds((long) d.uniform(86_400, periodSeconds + 90 * 86_400.0));
          until = until.isAfter(granted) ? until : granted.plus(Duration.ofDays(30));
        }
        Instant revoked = null;
        if (d.chance(0.1)) {
          revoked = start.plusSeconds((long) d.uniform(-30 * 86_400.0, periodSeconds - 86_400.0));
          revoked = revoked.isAfter(granted) ? revoked : granted.plus(Duration.ofHours(1));
        }
        String version = TEXT_VERSIONS[d.index(TEXT_VERSIONS.length)];
        String channel = CHANNELS[d.index(CHANNELS.length)];
        if (!reconsented && revoked == null && granted.isBefore(start)) {
          // One subject withdraws on the period's third day and consents again a day and a half later:
          // only events from the new grant on are covered.
          Instant withdrawn = start.plus(Duration.ofDays(2));
          rows.add(new Row(key, purpose, granted, until, withdrawn, version, channel));
          rows.add(new Row(key, purpose, withdrawn.plus(Duration.ofHours(36)), null, null,
              TEXT_VERSIONS[TEXT_VERSIONS.length - 1], "app"));
          reconsented = true;
          continue;
        }
        rows.add(new Row(key, purpose, granted, until, revoked, version, channel));
      }
    }
    rows.sort(Comparator.comparing((Row r) -> Msisdn.registryId(r.key())).thenComparing(Row::granted)
        .thenComparing(Row::purpose));
    try (CSVPrinter csv = Outputs.csv(dir.resolve("consent_registry.csv"), "subject_id", "purpose", "granted_at",
            "valid_until", "revoked_at", "consent_text_version", "channel");
        ParquetWriter<ConsentRecord> parquet =
            Outputs.parquet(dir.resolve("consent_registry.parquet"), ConsentRecord.getClassSchema())) {
      for (Row r : rows) {
        String id = Msisdn.registryId(r.key());
        csv.printRecord(id, r.purpose(), r.granted(), text(r.validUntil()), text(r.revoked()),
            r.textVersion() == null ? "" : r.textVersion(), r.channel());
        parquet.write(new ConsentRecord(id, r.purpose(), r.granted(), r.validUntil(), r.revoked(), r.textVersion(),
            r.channel()));
      }
    }
    return new Written(rows.size(), subjects);
  }

  private static String text(Instant t) {
    return t == null ? "" : t.toString();
  }
}
