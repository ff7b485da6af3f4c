package dev.llmrouter.provider;

import dev.llmrouter.simulator.WireFormat;

class GeminiProviderTest extends ProviderContractTest {

    @Override
    protected WireFormat format() {
        return WireFormat.GEMINI;
    }

    @Override
    protected String type() {
        return "gemini";
    }

    @Override
    protected String model() {
        return "gemini-2.5-flash";
    }

    /** Gemini answers an exhausted quota with the same 429 RESOURCE_EXHAUSTED as a rate limit. */
    @Override
    protected ErrorKind quotaExhaustedKind() {
        return ErrorKind.RATE_LIMITED;
    }
}
