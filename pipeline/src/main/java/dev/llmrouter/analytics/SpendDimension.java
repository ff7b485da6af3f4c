package dev.llmrouter.analytics;

/** What spend is aggregated by: the user who asked, or the provider/model that answered. */
public enum SpendDimension {
    USER, MODEL
}
