package dev.llmrouter.pricing;

/** A model's quality class, as routing policies name it (same symbols as the {@code Tier} schema). */
public enum Tier { ECONOMY, STANDARD, PREMIUM }
