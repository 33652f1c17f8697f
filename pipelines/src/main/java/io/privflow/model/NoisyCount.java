package io.privflow.model;

/** A released cell: its domain index and its noisy count (at least min_count). May reach a sink. */
public record NoisyCount(long cell, long count) {}
