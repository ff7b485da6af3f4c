package dev.llmrouter.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.opinion.RatingCache;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.ScorerMode;
import dev.llmrouter.schema.SpeculationPlan;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.simulator.Latency;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.support.Requests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Speculative routing in the attempt chain, over real HTTP against the provider simulator. */
class SpeculativeAttemptTest {

    private static final ModelRef CHEAP = new ModelRef("openai", "nano");
    private static final ModelRef STRONG = new ModelRef("openai", "big");

    private SimulatedOpenAi openai;
    private AttemptChain chain;

    @BeforeEach
    void setUp() throws Exception {
        openai = new SimulatedOpenAi();
        chain = openai.chain(new RatingCache());
    }

    @AfterEach
    void tearDown() {
        openai.close();
    }

    @Test
    void shouldKeepTheCheapAnswerWhenTheScorerAcceptsIt() {
        Completion completion = chain.run(dispatch(Requests.prompt("ada", "What is the capital of Chile?"), plan(0.01, ScorerMode.LOCAL, null))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getModel()).isEqualTo("nano");
        assertThat(completion.response().getQualityScore()).isGreaterThanOrEqualTo(0.01);
        assertThat(completion.costEvents()).singleElement().satisfies(cost -> {
            assertThat(cost.getReason()).isEqualTo(CostReason.SPECULATIVE);
            assertThat(cost.getOutcome()).isEqualTo(AttemptOutcome.SUCCESS);
        });
        assertThat(openai.simulator.stats().requests("big")).isZero();
    }

    @Test
    void shouldEscalateWhenTheScorerRatesTheCheapAnswerBelowTheAcceptScore() {
        PromptRequest request = Requests.prompt("ada", "Explain in detail how a compiler optimises loops.");
        request.setMaxOutputTokens(3);

        Completion completion = chain.run(dispatch(request, plan(0.5, ScorerMode.LOCAL, null))).join();

        assertThat(completion.response().getAttempts()).extracting(Attempt::getReason, Attempt::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CostReason.SPECULATIVE, AttemptOutcome.LOW_SCORE),
                org.assertj.core.groups.Tuple.tuple(CostReason.ESCALATION, AttemptOutcome.SUCCESS));
        assertThat(completion.response().getAttempts().getFirst().getError()).contains("below the accept score 0.500");
        assertThat(completion.response().getModel()).isEqualTo("big");
        assertThat(completion.costEvents()).extracting(CostEvent::getReason, CostEvent::getAttempt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CostReason.SPECULATIVE, 1), org.assertj.core.groups.Tuple.tuple(CostReason.ESCALATION, 2));
        assertThat(completion.response().getCostMicros()).isEqualTo(completion.costEvents().stream().mapToLong(CostEvent::getCostMicros).sum());
    }

    @Test
    void shouldEscalateWhenTheCheapModelMissesItsLatencyBudget() {
        openai.givenModel("nano", ModelProfile.builder().latency(Latency.fixed(Duration.ofSeconds(3))).build());
        long started = System.nanoTime();

        Completion completion = chain.run(dispatch(Requests.prompt("ada", "What is the capital of Chile?"), plan(0.01, ScorerMode.LOCAL, null))).join();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        assertThat(completion.response().getModel()).isEqualTo("big");
        assertThat(completion.response().getAttempts()).extracting(Attempt::getOutcome)
                .containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
        assertThat(completion.response().getAttempts().getFirst().getError()).endsWith("; escalating");
    }

    @Test
    void shouldAskTheJudgeModelInLlmJudgeMode() {
        Completion completion = chain.run(dispatch(Requests.prompt("ada", "What is the capital of Chile?"),
                plan(0.01, ScorerMode.LLM_JUDGE, new ModelRef("openai", "judge")))).join();

        assertThat(openai.simulator.stats().requests("judge")).isEqualTo(1);
        // The simulated judge answers with no rating, so the local rating decides and the cheap answer stays.
        assertThat(completion.response().getModel()).isEqualTo("nano");
        assertThat(completion.response().getAttempts()).extracting(a -> a.getTarget().getModel()).containsExactly("nano", "judge");
        assertThat(completion.response().getAttempts().get(1).getError()).contains("judge gave no rating");
        assertThat(completion.costEvents()).extracting(CostEvent::getReason).containsOnly(CostReason.SPECULATIVE).hasSize(2);
    }

    private static SpeculationPlan plan(double acceptScore, ScorerMode mode, ModelRef judge) {
        return SpeculationPlan.newBuilder().setCheap(CHEAP).setLatencyBudgetMs(500).setAcceptScore(acceptScore).setScorer(mode)
                .setJudge(judge).build();
    }

    private static DispatchRecord dispatch(PromptRequest request, SpeculationPlan plan) {
        return new DispatchRecord(request, Classification.newBuilder().setClassifierVersion("test").build(),
                RoutingDecision.newBuilder().setPrimary(STRONG).setFallbacks(List.of()).setTier(Tier.PREMIUM)
                        .setEstimatedCostMicros(10).setReason(RouteReason.POLICY).setPolicyVersion("p1")
                        .setDecidedAt(Instant.now()).setSpeculation(plan).build());
    }
}
