package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.support.Answers;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A request answered twice (a redelivered dispatch repeats its calls) is charged once to each holder, as long
 * as it is recent; the requests settled are remembered per task, in the route stage's window stores, not in
 * the budgets.
 */
@ExtendWith(SchemaRegistryExtension.class)
class ChargeDeduplicationTest {

    private static final String POLICY = """
            version: dedup-1
            tiers:
              economy: [openai/cheap]
              standard: [openai/middle]
              premium: [anthropic/best]
            default-tier: standard
            budgets:
              default: {period: day, limit-usd: 10}
              session: {period: day, limit-usd: 10}
              tenants:
                acme: {period: day, limit-usd: 100}
            """;

    private static final String SESSION_KEY = "3:ada/ada-session";
    /** Shorter than the default, so the window the stage is given is the one that counts. */
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Instant CREATED = RouteDriver.START;

    private RouteDriver route;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        route = new RouteDriver(registry.url(), POLICY, (model, in, out) -> in + out, config -> config.withDedupWindow(WINDOW));
    }

    @AfterEach
    void tearDown() {
        route.close();
    }

    @Test
    void shouldChargeARepeatedResponseOnceToUserSessionAndTenant() {
        LlmResponse first = response("req-1", 700, CREATED);
        LlmResponse repeat = LlmResponse.newBuilder(first).setCompletedAt(CREATED.plusSeconds(90)).build();

        route.responsesIn.pipeInput("ada", first);
        route.responsesIn.pipeInput("ada", repeat);

        assertSpent(700, 700, 700);
    }

    @Test
    void shouldChargeEveryBilledAttemptOfTheFirstResponse() {
        route.responsesIn.pipeInput("ada", withIdentity(Answers.of("req-1", "ada", CREATED,
                Answers.call(1, "openai", "cheap", 0, 0, 0, 700, CREATED),
                Answers.call(2, "openai", "middle", 0, 0, 0, 300, CREATED)).build()));

        assertSpent(1_000, 1_000, 1_000);
    }

    @Test
    void shouldRememberEachSettledRequestOnceForUserAndSessionAndOnceForTheTenant() {
        route.responsesIn.pipeInput("ada", response("req-1", 700, CREATED));

        assertThat(settled(RouteStage.SETTLED_STORE).fetch("req-1", CREATED.toEpochMilli())).isNotNull();
        assertThat(settled(RouteStage.TENANT_SETTLED_STORE).fetch("req-1", CREATED.toEpochMilli())).isNotNull();
    }

    @Test
    void shouldDropARepeatWhoseRequestIsWithinTheWindowOfTheNewestSettled() {
        route.responsesIn.pipeInput("ada", response("old", 700, CREATED));
        route.responsesIn.pipeInput("ada", response("newer", 100, CREATED.plus(WINDOW).minusMillis(1)));

        route.responsesIn.pipeInput("ada", response("old", 700, CREATED));

        assertSpent(800, 800, 800);
    }

    @Test
    void shouldChargeARepeatAgainOnceItsRequestIsAWindowOlderThanTheNewestSettled() {
        route.responsesIn.pipeInput("ada", response("old", 700, CREATED));
        route.responsesIn.pipeInput("ada", response("newer", 100, CREATED.plus(WINDOW)));

        // Forgotten: it cannot be told from a first delivery this late, and a budget must not miss a call.
        route.responsesIn.pipeInput("ada", response("old", 700, CREATED));

        assertSpent(1_500, 1_500, 1_500);
    }

    @Test
    void shouldChargeAResponseOfAUserWithoutTenantOnlyToUserAndSession() {
        LlmResponse response = response("req-1", 700, CREATED);
        response.setTenant(null);

        route.responsesIn.pipeInput("ada", response);
        route.responsesIn.pipeInput("ada", response);

        assertThat(route.store(RouteStage.BUDGET_STORE).get("ada").getSpentMicros()).isEqualTo(700);
        assertThat(route.store(RouteStage.SESSION_BUDGET_STORE).get(SESSION_KEY).getSpentMicros()).isEqualTo(700);
        assertThat(route.store(RouteStage.TENANT_BUDGET_STORE).get("acme")).isNull();
        assertThat(settled(RouteStage.TENANT_SETTLED_STORE).fetch("req-1", CREATED.toEpochMilli())).isNull();
    }

    private void assertSpent(long user, long session, long tenant) {
        assertThat(route.store(RouteStage.BUDGET_STORE).get("ada").getSpentMicros()).isEqualTo(user);
        assertThat(route.store(RouteStage.SESSION_BUDGET_STORE).get(SESSION_KEY).getSpentMicros()).isEqualTo(session);
        assertThat(route.store(RouteStage.TENANT_BUDGET_STORE).get("acme").getSpentMicros()).isEqualTo(tenant);
    }

    private WindowStore<String, Long> settled(String store) {
        return route.driver.getWindowStore(store);
    }

    /** Ada's request, in her session and tenant, created at {@code created} and answered by one call of {@code micros}. */
    private static LlmResponse response(String requestId, long micros, Instant created) {
        return withIdentity(Answers.answered("ada", requestId, micros, created));
    }

    private static LlmResponse withIdentity(LlmResponse response) {
        response.setSessionId("ada-session");
        response.setTenant("acme");
        response.setCompletedAt(response.getRequestCreatedAt().plusSeconds(5));
        return response;
    }
}
