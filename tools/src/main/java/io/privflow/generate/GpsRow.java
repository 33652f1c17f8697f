package io.privflow.generate;

import java.time.Instant;

/** One GPS fix row; {@code accuracyM} null means the app did not report one. */
record GpsRow(String device, Instant time, double lat, double lon, Double accuracyM) {}
