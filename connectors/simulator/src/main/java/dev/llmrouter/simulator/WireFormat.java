package dev.llmrouter.simulator;

import java.util.Arrays;
import java.util.Optional;

/** The provider wire formats the simulator speaks; {@link #id()} is the name used in config files and outages. */
public enum WireFormat {
    /** OpenAI chat completions ({@code POST /v1/chat/completions}). */
    OPENAI("openai"),
    /** Anthropic Messages ({@code POST /v1/messages}). */
    ANTHROPIC("anthropic"),
    /** Google Gemini generateContent ({@code POST /v1beta/models/{model}:generateContent}). */
    GEMINI("gemini");

    private final String id;

    WireFormat(String id) {
        this.id = id;
    }

    /** The lower-case name used in config files, outage targets and stats. */
    public String id() {
        return id;
    }

    /** The format named {@code id} (case-insensitive), if any. */
    public static Optional<WireFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equalsIgnoreCase(id)).findFirst();
    }
}
