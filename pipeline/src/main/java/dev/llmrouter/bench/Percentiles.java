package dev.llmrouter.bench;

import java.util.Arrays;

/** Percentiles of a set of measurements (nearest-rank). */
public record Percentiles(long count, double p50, double p99, double p999, double max) {

    public static Percentiles of(long[] values) {
        if (values.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999), sorted[sorted.length - 1]);
    }

    /** The same percentiles in another unit, e.g. {@code scaled(1e-3)} from microseconds to milliseconds, to 0.1. */
    public Percentiles scaled(double factor) {
        return new Percentiles(count, round(p50 * factor), round(p99 * factor), round(p999 * factor), round(max * factor));
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
