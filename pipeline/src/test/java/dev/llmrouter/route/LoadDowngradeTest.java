package dev.llmrouter.route;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.Complexity;
import dev.llmrouter.schema.RequestHints;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.TaskCategory;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.support.Requests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A request spike shifts routing one tier cheaper for a hold period, with hysteresis; time is the test's clock. */
@ExtendWith(SchemaRegistryExtension.class)
class LoadDowngradeTest {

    private static final String POLICY = """
            version: load-1
            tiers:
              economy: [openai/cheap]
              standard: [openai/middle]
              premium: [anthropic/best]
            default-tier: standard
            budgets:
              default: {period: day, limit-usd: 1000}
            load:
              window: 10s
              enter-rps: 5
              exit-rps: 2
              hold: 30s
            """;

    private RouteDriver route;

    @BeforeEach
    void setUp(SchemaRegistryProcess registry) {
        route = new RouteDriver(registry.url(), POLICY, (model, in, out) -> in + out);
    }

    @AfterEach
    void tearDown() {
        route.close();
    }

    @Test
    void shouldRouteNormallyBelowTheEnterRate() {
        List<RoutingDecision> decisions = send(4, Duration.ofSeconds(20));

        assertThat(decisions).allSatisfy(decision -> assertThat(decision.getTier()).isEqualTo(Tier.STANDARD));
        assertThat(shifts("enter")).isZero();
    }

    @Test
    void shouldShiftOneTierCheaperAboveTheEnterRate() {
        List<RoutingDecision> decisions = send(8, Duration.ofSeconds(10));

        RoutingDecision last = decisions.getLast();
        assertThat(last.getTier()).isEqualTo(Tier.ECONOMY);
        assertThat(last.getReason()).isEqualTo(RouteReason.LOAD_DOWNGRADE);
        assertThat(last.getReasonDetail()).startsWith("load ").contains("passed 5.0: one tier cheaper than standard");
        assertThat(decisions.getFirst().getTier()).isEqualTo(Tier.STANDARD);
        assertThat(shifts("enter")).isEqualTo(1);
        assertThat(route.meters.get("llmrouter.route.load.shedding").gauge().value()).isEqualTo(1);
        assertThat(route.meters.get("llmrouter.route.decisions").tag("reason", "load_downgrade").counter().count()).isPositive();
    }

    @Test
    void shouldNotFlapUnderLoadHysteresis() {
        send(8, Duration.ofSeconds(10));

        // Between exit-rps and enter-rps: stays shifted however long it lasts.
        List<RoutingDecision> between = send(3, Duration.ofSeconds(60));
        // Below exit-rps, the hold long over: shifts back once and stays back.
        List<RoutingDecision> quiet = send(1, Duration.ofSeconds(30));

        assertThat(between).allSatisfy(decision -> assertThat(decision.getReason()).isEqualTo(RouteReason.LOAD_DOWNGRADE));
        assertThat(quiet.getLast().getTier()).isEqualTo(Tier.STANDARD);
        assertThat(tiersChanges(quiet)).isEqualTo(1);
        assertThat(shifts("enter")).isEqualTo(1);
        assertThat(shifts("exit")).isEqualTo(1);
        assertThat(route.meters.get("llmrouter.route.load.shedding").gauge().value()).isZero();
    }

    @Test
    void shouldHoldTheShiftForTheHoldPeriodAfterTheSpikeEnds() {
        send(8, Duration.ofSeconds(10));

        // The window forgets the spike after 10 s, but the shift holds 30 s from the last request above enter-rps.
        List<RoutingDecision> justAfter = send(1, Duration.ofSeconds(25));
        List<RoutingDecision> later = send(1, Duration.ofSeconds(10));

        assertThat(justAfter).allSatisfy(decision -> assertThat(decision.getTier()).isEqualTo(Tier.ECONOMY));
        assertThat(later.getLast().getTier()).isEqualTo(Tier.STANDARD);
    }

    @Test
    void shouldNotShiftBelowTheTierARequestAsksFor() {
        send(8, Duration.ofSeconds(10));

        var request = Requests.classified("ada", Complexity.MEDIUM, TaskCategory.CHAT);
        request.getRequest().setHints(RequestHints.newBuilder().setMinTier(Tier.STANDARD).build());
        route.classified.pipeInput("ada", request);

        assertThat(route.dispatch.readValue().getDecision().getTier()).isEqualTo(Tier.STANDARD);
    }

    /** Sends requests at {@code perSecond} for {@code duration} of the test clock; returns their decisions. */
    private List<RoutingDecision> send(int perSecond, Duration duration) {
        List<RoutingDecision> decisions = new ArrayList<>();
        Duration gap = Duration.ofMillis(1_000 / perSecond);
        for (long sent = 0; sent < duration.toSeconds() * perSecond; sent++) {
            route.clock.advance(gap);
            route.classified.pipeInput("ada", Requests.classified("ada", Complexity.MEDIUM, TaskCategory.CHAT));
            decisions.add(route.dispatch.readValue().getDecision());
        }
        return decisions;
    }

    private long tiersChanges(List<RoutingDecision> decisions) {
        long changes = 0;
        for (int i = 1; i < decisions.size(); i++) {
            changes += decisions.get(i).getTier() != decisions.get(i - 1).getTier() ? 1 : 0;
        }
        return changes;
    }

    private double shifts(String direction) {
        return route.meters.get("llmrouter.route.load.shifts").tag("direction", direction).counter().count();
    }
}
