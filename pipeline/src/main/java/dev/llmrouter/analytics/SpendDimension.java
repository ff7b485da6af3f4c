package dev.llmrouter.analytics;

/**
 * What spend is aggregated by: the user who asked, or the provider/model that answered. Both live in one
 * store ({@link SpendStage#STORE}), each key prefixed by its dimension, so one dimension's keys form one
 * contiguous range.
 */
public enum SpendDimension {
    USER("u/"), MODEL("m/");

    private final String prefix;

    SpendDimension(String prefix) {
        this.prefix = prefix;
    }

    /** The store key of {@code value} (a user id, or {@code provider/model}). */
    public String key(String value) {
        return prefix + value;
    }

    /** The value of a store key of this dimension. */
    public String nameOf(String key) {
        return key.substring(prefix.length());
    }

    /** The first store key of this dimension. */
    String first() {
        return prefix;
    }

    /** A key after every store key of this dimension. */
    String last() {
        return prefix + Character.MAX_VALUE;
    }
}
