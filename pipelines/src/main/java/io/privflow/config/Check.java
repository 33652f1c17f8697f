package io.privflow.config;

import io.privflow.files.InputFiles;
import io.privflow.privacy.Rational;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The field rules every configuration file shares, each adding a problem (field path and rule,
 * never the value) and returning null or a safe default so that checking goes on. Relative paths
 * resolve against the file's directory.
 */
public final class Check {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Problems problems;
  private final Path base;

  public Check(Problems problems, Path base) {
    this.problems = problems;
    this.base = base;
  }

  public Problems problems() {
    return problems;
  }

  public void problem(String path, String message) {
    problems.add(path, message);
  }

  /** A section that must be present; reported when missing. */
  public <T> T section(String path, T section) {
    if (section == null) {
      missing(path, "required");
    }
    return section;
  }

  /** Stripped text, or {@code fallback} when absent or blank. */
  public static String text(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  public String required(String path, String value) {
    String t = text(value, null);
    if (t == null) {
      missing(path, "required");
    }
    return t;
  }

  /** Reports a missing value, unless the value was there but of the wrong form (already reported). */
  public void missing(String path, String message) {
    if (!problems.has(path)) {
      problems.add(path, message);
    }
  }

  /** Required text of at most {@code max} characters. */
  public String requiredText(String path, String value, int max) {
    String t = required(path, value);
    if (t != null && t.length() > max) {
      problems.add(path, "longer than " + max + " characters");
      return null;
    }
    return t;
  }

  /** A name made of letters, digits, '.', '_' and '-' (a request id, a dataset). */
  public String identifier(String path, String value) {
    String t = required(path, value);
    if (t != null && !ID.matcher(t).matches()) {
      problems.add(path, "use letters, digits, '.', '_' and '-' only (at most 128)");
      return null;
    }
    return t;
  }

  /** A path resolved against the file's directory; null (and a problem when required) if absent. */
  public Path path(String field, String value, boolean required) {
    String t = text(value, null);
    if (t == null) {
      if (required) {
        missing(field, "required");
      }
      return null;
    }
    return base.resolve(t).toAbsolutePath().normalize();
  }

  /** A path that must name an existing regular file. */
  public Path existingFile(String field, String value) {
    Path p = path(field, value, true);
    if (p != null && !Files.isRegularFile(p)) {
      problems.add(field, p + " does not exist");
    }
    return p;
  }

  /** File paths or globs, resolved; a plain path that names no file is reported. */
  public List<String> patterns(String field, List<String> values, boolean mustExist) {
    List<String> out = new ArrayList<>();
    if (values == null) {
      return out;
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      String where = field + "[" + i + "]";
      if (v == null || v.isBlank()) {
        problems.add(where, "must be a file path or glob");
        continue;
      }
      String resolved = base.resolve(v.strip()).normalize().toString();
      if (mustExist && !InputFiles.isGlob(resolved) && !Files.isRegularFile(Path.of(resolved))) {
        problems.add(where, "file " + resolved + " does not exist");
      }
      out.add(resolved);
    }
    return out;
  }

  /** A positive exact decimal, at most {@code max}, with at most 9 decimal places. */
  public Rational positive(String path, BigDecimal value, Rational max, boolean required) {
    if (value == null) {
      if (required) {
        missing(path, "required");
      }
      return null;
    }
    Rational r;
    try {
      r = Rational.of(value);
    } catch (ArithmeticException | IllegalArgumentException e) {
      problems.add(path, value.signum() < 0 ? "must be greater than 0" : "is not a number privflow can use");
      return null;
    }
    if (r.isZero()) {
      problems.add(path, "must be greater than 0");
    } else if (r.compareTo(max) > 0) {
      problems.add(path, "must be at most " + io.privflow.privacy.Decimals.plain(max));
    } else if (r.denominator().bitLength() > 30) {
      problems.add(path, "use at most 9 decimal places");
    } else {
      return r;
    }
    return null;
  }

  /** A whole number in {@code [min, max]}. */
  public long integer(String path, BigDecimal value, long min, long max, boolean required, long fallback) {
    if (value == null) {
      if (required) {
        missing(path, "required");
      }
      return fallback;
    }
    long v;
    try {
      v = value.longValueExact();
    } catch (ArithmeticException e) {
      problems.add(path, "must be a whole number");
      return fallback;
    }
    if (v < min || v > max) {
      problems.add(path, max >= Long.MAX_VALUE / 4 ? "must be a whole number, " + min + " or more"
          : "must be between " + min + " and " + max);
      return fallback;
    }
    return v;
  }

  /** A time zone id, UTC when absent. */
  public ZoneId zone(String path, String value) {
    String t = text(value, "UTC");
    try {
      return ZoneId.of(t);
    } catch (DateTimeException e) {
      problems.add(path, "not a time zone id such as UTC or Europe/Copenhagen");
      return ZoneId.of("UTC");
    }
  }

  /** Local dates {@code [start, end)}: both required, end after start. */
  public void dateRange(String path, LocalDate start, LocalDate end) {
    if (start == null) {
      missing(path + ".start", "required (an ISO date such as 2020-03-01)");
    }
    if (end == null) {
      missing(path + ".end", "required (an ISO date such as 2020-03-01)");
    }
    if (start != null && end != null && !end.isAfter(start)) {
      problems.add(path + ".end", "must be after " + path + ".start (end is exclusive)");
    }
  }

  /** A window length: a Period of days or weeks, or a Duration of at least a minute. */
  public TemporalAmount window(String path, String value, boolean required) {
    String t = text(value, null);
    if (t == null) {
      if (required) {
        problems.add(path, "required (an ISO-8601 duration such as PT1H or P1D)");
      }
      return null;
    }
    TemporalAmount w = windowLength(t);
    if (w == null) {
      problems.add(path, "not an ISO-8601 duration of at least a minute such as PT1H or P1D");
    }
    return w;
  }

  /** A positive Period in days/weeks, or a Duration of at least a minute; else null. */
  public static TemporalAmount windowLength(String text) {
    try {
      Period p = Period.parse(text);
      return p.isNegative() || p.isZero() || p.getYears() != 0 || p.getMonths() != 0 ? null : p;
    } catch (DateTimeException e) {
      try {
        Duration d = Duration.parse(text);
        return d.isNegative() || d.isZero() || d.toMinutes() < 1 ? null : d;
      } catch (DateTimeException e2) {
        return null;
      }
    }
  }

  /** A window's nominal length: a day counts 24 hours (so a 23-hour daylight-saving day is still P1D). */
  public static Duration nominal(TemporalAmount window) {
    return window instanceof Period p ? Duration.ofDays(p.getDays()) : (Duration) window;
  }

  /** Non-blank texts, stripped; an empty list when absent. */
  public List<String> names(String path, List<String> values) {
    List<String> out = new ArrayList<>();
    if (values == null) {
      return out;
    }
    if (values.isEmpty()) {
      problems.add(path, "must be a non-empty list (leave it out to allow any)");
    }
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      if (v == null || v.isBlank()) {
        problems.add(path + "[" + i + "]", "must be a non-empty text");
      } else {
        out.add(v.strip());
      }
    }
    return out;
  }
}
