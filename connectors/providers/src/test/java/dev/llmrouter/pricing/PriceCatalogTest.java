package dev.llmrouter.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.provider.TokenUsage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceCatalogTest {

    private static final PriceCatalog BUNDLED = PriceCatalog.load();

    private static ModelPrice price(String provider, String model) {
        return BUNDLED.price(provider, model).orElseThrow();
    }

    @Test
    void shouldLoadBundledCatalogWithVersionAndEveryProvider() {
        assertThat(BUNDLED.version()).isEqualTo("2026-11-23");
        assertThat(BUNDLED.takenOn()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(BUNDLED.models()).extracting(ModelPrice::provider)
                .contains("openai", "anthropic", "gemini", "deepseek", "mistral");
        assertThat(price("mistral", "mixtral-8x7b-instruct").inputPerMillion()).isEqualByComparingTo("0.60");
        assertThat(price("openai", "gpt-4-1106-preview").outputPerMillion()).isEqualByComparingTo("30");
        assertThat(BUNDLED.price("openai", "gpt-3")).isEmpty();
    }

    @Test
    void shouldPriceUncachedAndCachedInputAndOutputExactly() {
        // given gpt-4o: $2.50 input, $1.25 cached, $10 output per million
        TokenUsage usage = new TokenUsage(1_000, 500, 200, 0);

        // when
        long micros = price("openai", "gpt-4o").costMicros(usage);

        // then 800 x 2.50 + 200 x 1.25 + 500 x 10 = 2,000 + 250 + 5,000
        assertThat(micros).isEqualTo(7_250);
    }

    @Test
    void shouldPriceCacheWritesAndReadsApart() {
        // given claude-sonnet-4-5: $3 input, $0.30 cache read, $3.75 cache write, $15 output
        TokenUsage usage = new TokenUsage(3_000, 100, 1_000, 1_500);

        // when
        long micros = price("anthropic", "claude-sonnet-4-5").costMicros(usage);

        // then 500 x 3 + 1,000 x 0.30 + 1,500 x 3.75 + 100 x 15 = 1,500 + 300 + 5,625 + 1,500
        assertThat(micros).isEqualTo(8_925);
    }

    @Test
    void shouldRoundUpOnceAfterSummingTheParts() {
        // given gpt-4.1-nano: $0.10 input, $0.40 output, so one of each is 0.5 micro-dollars
        ModelPrice nano = price("openai", "gpt-4.1-nano");

        // then
        assertThat(nano.costMicros(TokenUsage.of(1, 1))).isEqualTo(1);
        assertThat(nano.costMicros(TokenUsage.of(3, 1))).isEqualTo(1);
        assertThat(nano.costMicros(TokenUsage.of(7, 1))).isEqualTo(2);
        assertThat(nano.costMicros(TokenUsage.ZERO)).isZero();
    }

    @Test
    void shouldDefaultCachedAndCacheWritePricesToInputPrice() {
        // given mixtral has no cache prices
        ModelPrice mixtral = price("mistral", "mixtral-8x7b-instruct");

        // then
        assertThat(mixtral.cachedInputPerMillion()).isEqualByComparingTo("0.60");
        assertThat(mixtral.cacheWritePerMillion()).isEqualByComparingTo("0.60");
        assertThat(mixtral.costMicros(new TokenUsage(1_000, 1_000, 400, 100))).isEqualTo(1_200);
    }

    @Test
    void shouldEstimateFromUncachedInputAndOutput() {
        // given gpt-4-1106-preview: $10 / $30
        ModelPrice gpt4 = price("openai", "gpt-4-1106-preview");

        // then
        assertThat(gpt4.estimateCostMicros(1_234, 567)).isEqualTo(12_340 + 17_010);
    }

    @Test
    void shouldStayExactForLargeCounts() {
        // given
        ModelPrice opus = price("anthropic", "claude-opus-4-1");

        // when a billion output tokens
        long micros = opus.costMicros(TokenUsage.of(0, 1_000_000_000L));

        // then
        assertThat(micros).isEqualTo(75_000_000_000L);
    }

    @Test
    void shouldFindModelByNameWhenOnlyOneProviderListsIt() {
        assertThat(BUNDLED.priceOfModel("gpt-4o-mini")).map(ModelPrice::provider).contains("openai");
        assertThat(BUNDLED.priceOfModel("no-such-model")).isEmpty();
    }

    @Test
    void shouldListEveryProblemOfAnInvalidCatalog() {
        // given
        String yaml = """
                version: ""
                takenOn: yesterday
                models:
                  - {provider: openai, model: gpt-x, input: -1, ouput: 2, contextWindow: 0, tier: GOLD}
                  - {provider: openai, model: gpt-y, input: "1.0", output: 2, cachedInput: 5, contextWindow: 10, tier: ECONOMY}
                  - {provider: openai, model: gpt-z, input: 1, output: 2, contextWindow: 10, tier: ECONOMY}
                  - {provider: openai, model: gpt-z, input: 1, output: 2, contextWindow: 10, tier: ECONOMY}
                """;

        // then
        assertThatThrownBy(() -> PriceCatalog.parse(yaml, "test.yaml"))
                .isInstanceOf(PriceCatalogException.class)
                .satisfies(e -> assertThat(((PriceCatalogException) e).problems()).containsExactly(
                        "version is required",
                        "takenOn must be a date like 2026-11-01: 'yesterday'",
                        "models[0] (openai/gpt-x): unknown field 'ouput' (known: [cacheWrite, cachedInput, contextWindow,"
                                + " input, model, output, provider, tier])",
                        "models[0] (openai/gpt-x): input must be a non-negative number (USD per million tokens): '-1'",
                        "models[0] (openai/gpt-x): output is required (USD per million tokens)",
                        "models[0] (openai/gpt-x): contextWindow must be a positive whole number of tokens",
                        "models[0] (openai/gpt-x): tier must be one of [ECONOMY, STANDARD, PREMIUM]: 'GOLD'",
                        "models[1] (openai/gpt-y): input must be a non-negative number (USD per million tokens): '1.0'",
                        "models[3] (openai/gpt-z): listed twice"))
                .hasMessageStartingWith("invalid price catalog test.yaml:");
    }

    @Test
    void shouldLoadCatalogFromFile(@TempDir Path dir) throws IOException {
        // given
        Path file = dir.resolve("prices.yaml");
        Files.writeString(file, """
                version: "test-1"
                takenOn: "2026-01-01"
                models:
                  - {provider: sim-openai, model: m, input: 0.000001, output: 1, contextWindow: 8, tier: STANDARD}
                """);

        // when
        PriceCatalog catalog = PriceCatalog.load(file);

        // then
        assertThat(catalog.version()).isEqualTo("test-1");
        ModelPrice m = catalog.price("sim-openai", "m").orElseThrow();
        assertThat(m.inputPerMillion()).isEqualTo(new BigDecimal("0.000001"));
        assertThat(m.costMicros(TokenUsage.of(1, 0))).isEqualTo(1);
    }
}
