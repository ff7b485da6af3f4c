package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.CostEvent;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cost event delivered twice is charged once to each holder, as long as its request is recent; the
 * pairs charged are remembered per task, in the route stage's window stores, not in the budgets.
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
    void shouldChargeRedeliveredCostEventOnceToUserSessionAndTenant() {
        CostEvent first = event("req-1", 1, 700, CREATED);
        CostEvent repeat = CostEvent.newBuilder(first).setOccurredAt(CREATED.plusSeconds(90)).build();

        route.costEvents.pipeInput("ada", first);
        route.costEvents.pipeInput("ada", repeat);

        assertSpent(700, 700, 700);
    }

    @Test
    void shouldChargeEachAttemptOfTheSameRequest() {
        route.costEvents.pipeInput("ada", event("req-1", 1, 700, CREATED));
        route.costEvents.pipeInput("ada", event("req-1", 2, 300, CREATED));
        route.costEvents.pipeInput("ada", event("req-1", 2, 300, CREATED));

        assertSpent(1_000, 1_000, 1_000);
    }

    @Test
    void shouldRememberEachChargedAttemptOnceForUserAndSessionAndOnceForTheTenant() {
        route.costEvents.pipeInput("ada", event("req-1", 1, 700, CREATED));

        assertThat(counted(RouteStage.CHARGED_ATTEMPTS_STORE).fetch("req-1#1", CREATED.toEpochMilli())).isNotNull();
        assertThat(counted(RouteStage.TENANT_CHARGED_ATTEMPTS_STORE).fetch("req-1#1", CREATED.toEpochMilli())).isNotNull();
    }

    @Test
    void shouldDropARepeatWhoseRequestIsWithinTheWindowOfTheNewestCharged() {
        route.costEvents.pipeInput("ada", event("old", 1, 700, CREATED));
        route.costEvents.pipeInput("ada", event("newer", 1, 100, CREATED.plus(WINDOW).minusMillis(1)));

        route.costEvents.pipeInput("ada", event("old", 1, 700, CREATED));

        assertSpent(800, 800, 800);
    }

    @Test
    void shouldChargeARepeatAgainOnceItsRequestIsAWindowOlderThanTheNewestCharged() {
        route.costEvents.pipeInput("ada", event("old", 1, 700, CREATED));
        route.costEvents.pipeInput("ada", event("newer", 1, 100, CREATED.plus(WINDOW)));

        // Forgotten: it cannot be told from a first delivery this late, and a budget must not miss a call.
        route.costEvents.pipeInput("ada", event("old", 1, 700, CREATED));

        assertSpent(1_500, 1_500, 1_500);
    }

    @Test
    void shouldChargeAnEventOfAUserWithoutTenantOnlyToUserAndSession() {
        CostEvent event = event("req-1", 1, 700, CREATED);
        event.setTenant(null);

        route.costEvents.pipeInput("ada", event);
        route.costEvents.pipeInput("ada", event);

        assertThat(route.store(RouteStage.BUDGET_STORE).get("ada").getSpentMicros()).isEqualTo(700);
        assertThat(route.store(RouteStage.SESSION_BUDGET_STORE).get(SESSION_KEY).getSpentMicros()).isEqualTo(700);
        assertThat(route.store(RouteStage.TENANT_BUDGET_STORE).get("acme")).isNull();
        assertThat(counted(RouteStage.TENANT_CHARGED_ATTEMPTS_STORE).fetch("req-1#1", CREATED.toEpochMilli())).isNull();
    }

    private void assertSpent(long user, long session, long tenant) {
        assertThat(route.store(RouteStage.BUDGET_STORE).get("ada").getSpentMicros()).isEqualTo(user);
        assertThat(route.store(RouteStage.SESSION_BUDGET_STORE).get(SESSION_KEY).getSpentMicros()).isEqualTo(session);
        assertThat(route.store(RouteStage.TENANT_BUDGET_STORE).get("acme").getSpentMicros()).isEqualTo(tenant);
    }

    private WindowStore<String, Long> counted(String store) {
        return route.driver.getWindowStore(store);
    }

    /** A call of ada's, in her session and tenant, of a request created at {@code created}. */
    private static CostEvent event(String requestId, int attempt, long micros, Instant created) {
        return CostEvent.newBuilder(RouteDriver.costEvent("ada", requestId, attempt, micros)).setSessionId("ada-session")
                .setTenant("acme").setRequestCreatedAt(created).setOccurredAt(created.plusSeconds(5)).build();
    }
}
