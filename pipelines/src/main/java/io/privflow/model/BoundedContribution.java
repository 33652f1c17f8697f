package io.privflow.model;

/**
 * One kept transition of one device, reduced to the domain cell it adds 1 to. The device is gone:
 * only the count of these per cell survives, and only after noise.
 */
public record BoundedContribution(long cell) {}
