package io.privflow.generate;

/** Rows written per file (CSV and Parquet twins hold the same rows), for the command's report. */
public record GenerateSummary(int regions, long cellRows, int devices, int gpsDevices, long networkRows, long gpsRows,
    long consentRows, int consentSubjects) {}
