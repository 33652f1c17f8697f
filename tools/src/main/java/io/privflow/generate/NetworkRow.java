package io.privflow.generate;

import java.time.Instant;

/**
 * One network event row. {@code subscriber} null means an empty id; {@code badTime}, when set, is
 * the unparsable text the CSV carries instead of the time (Parquet then holds a null time).
 */
record NetworkRow(String subscriber, Instant time, String badTime, String cellId, String type) {}
