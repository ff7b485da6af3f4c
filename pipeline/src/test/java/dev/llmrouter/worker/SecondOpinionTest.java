package dev.llmrouter.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
import dev.llmrouter.schema.SecondOpinionPlan;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.simulator.Latency;
import dev.llmrouter.simulator.ModelProfile;
import dev.llmrouter.support.Requests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second opinion in the attempt chain, over real HTTP against the provider simulator. The simulator
 * answers by quoting the start of the prompt, so a prompt that starts with EASY or HARD gets that rating.
 */
class SecondOpinionTest {

    private static final ModelRef RATER = new ModelRef("openai", "rater");
    private static final ModelRef CHEAP = new ModelRef("openai", "nano");
    private static final ModelRef DECIDED = new ModelRef("openai", "middle");
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
    void shouldMoveToTheCheapChainWhenTheRaterSaysEasy() {
        Completion completion = chain.run(dispatch(Requests.prompt("ada", "EASY one: the capital of Chile?"), plan(RATER))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getModel()).isEqualTo("nano");
        assertThat(completion.response().getAttempts()).extracting(a -> a.getTarget().getModel(), Attempt::getReason, Attempt::getOutcome)
                .containsExactly(tuple("rater", CostReason.SECOND_OPINION, AttemptOutcome.SUCCESS),
                        tuple("nano", CostReason.PRIMARY, AttemptOutcome.SUCCESS));
        assertThat(completion.costEvents()).extracting(CostEvent::getAttempt, CostEvent::getReason, CostEvent::getModel)
                .containsExactly(tuple(1, CostReason.SECOND_OPINION, "rater"), tuple(2, CostReason.PRIMARY, "nano"));
        assertThat(completion.costEvents().getFirst().getCostMicros()).isPositive();
        // The rater was not sent the user's system prompt, so its call must not mark the prompt prefix warm on it.
        assertThat(completion.costEvents()).extracting(CostEvent::getCacheKey).containsExactly(null, "prefix-1");
        assertThat(completion.response().getCostMicros()).isEqualTo(completion.costEvents().stream().mapToLong(CostEvent::getCostMicros).sum());
        assertThat(completion.response().getDecision().getReasonDetail()).endsWith("; second opinion EASY: moved to openai/nano");
        assertThat(openai.simulator.stats().requests("middle")).isZero();
    }

    @Test
    void shouldMoveToTheStrongChainWhenTheRaterSaysHard() {
        Completion completion = chain.run(dispatch(Requests.prompt("ada", "HARD: prove that P differs from NP"), plan(RATER))).join();

        assertThat(completion.response().getModel()).isEqualTo("big");
        assertThat(completion.costEvents()).extracting(CostEvent::getReason).containsExactly(CostReason.SECOND_OPINION, CostReason.PRIMARY);
        assertThat(completion.response().getDecision().getReasonDetail()).endsWith("; second opinion HARD: moved to openai/big");
    }

    @Test
    void shouldKeepTheDecidedChainWhenTheRaterSaysHardAndThereIsNoStrongerChain() {
        SecondOpinionPlan plan = SecondOpinionPlan.newBuilder(plan(RATER)).setHard(List.of()).build();

        Completion completion = chain.run(dispatch(Requests.prompt("ada", "HARD: prove that P differs from NP"), plan)).join();

        assertThat(completion.response().getModel()).isEqualTo("middle");
        assertThat(completion.response().getDecision().getReasonDetail()).endsWith("; second opinion HARD: kept the decided chain");
    }

    @Test
    void shouldNotMoveAboveTheDecisionsMaxTierWhenTheRaterSaysHard() {
        AttemptChain tiered = openai.chain(AttemptChainTest.tiered(Map.of("rater", Tier.ECONOMY, "nano", Tier.ECONOMY,
                "middle", Tier.STANDARD, "big", Tier.PREMIUM)), new RatingCache());
        DispatchRecord capped = dispatch(Requests.prompt("ada", "HARD: prove that P differs from NP"), plan(RATER));
        capped.getDecision().setMaxTier(Tier.STANDARD);

        Completion completion = tiered.run(capped).join();

        assertThat(completion.response().getModel()).isEqualTo("middle");
        assertThat(completion.response().getDecision().getReasonDetail()).endsWith("; second opinion HARD: kept the decided chain");
        assertThat(openai.simulator.stats().requests("big")).isZero();
    }

    @Test
    void shouldAnswerARepeatedPromptFromTheCacheWithoutASecondRatingCall() {
        chain.run(dispatch(Requests.prompt("ada", "EASY one: the capital of Chile?"), plan(RATER))).join();

        Completion repeated = chain.run(dispatch(Requests.prompt("bob", "EASY one:  the capital of Chile?"), plan(RATER))).join();

        assertThat(openai.simulator.stats().requests("rater")).isEqualTo(1);
        assertThat(repeated.response().getModel()).isEqualTo("nano");
        assertThat(repeated.costEvents()).extracting(CostEvent::getAttempt, CostEvent::getReason).containsExactly(tuple(1, CostReason.PRIMARY));
        assertThat(repeated.response().getDecision().getReasonDetail()).endsWith("; second opinion EASY (cached): moved to openai/nano");
    }

    @Test
    void shouldAnswerWithTheDecidedChainWhenTheRatingCallFails() {
        openai.givenModel("rater", ModelProfile.builder().errorRate(1.0).build());

        Completion completion = chain.run(dispatch(Requests.prompt("ada", "EASY one: the capital of Chile?"), plan(RATER))).join();

        assertThat(completion.response().getStatus()).isEqualTo(ResponseStatus.OK);
        assertThat(completion.response().getModel()).isEqualTo("middle");
        assertThat(completion.response().getAttempts()).extracting(Attempt::getReason).containsExactly(CostReason.SECOND_OPINION, CostReason.PRIMARY);
        Attempt rating = completion.response().getAttempts().getFirst();
        assertThat(rating.getOutcome()).isNotEqualTo(AttemptOutcome.SUCCESS);
        assertThat(rating.getError()).startsWith("openai/rater: ").endsWith("; keeping the decided chain");
        assertThat(completion.costEvents()).extracting(CostEvent::getAttempt).containsExactly(2);
    }

    @Test
    void shouldAnswerWithTheDecidedChainWhenTheRatingCallTimesOut() {
        openai.givenModel("rater", ModelProfile.builder().latency(Latency.fixed(Duration.ofSeconds(3))).build());
        SecondOpinionPlan plan = SecondOpinionPlan.newBuilder(plan(RATER)).setTimeoutMs(300).build();
        long started = System.nanoTime();

        Completion completion = chain.run(dispatch(Requests.prompt("ada", "EASY one: the capital of Chile?"), plan)).join();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        assertThat(completion.response().getModel()).isEqualTo("middle");
        assertThat(completion.response().getAttempts()).extracting(Attempt::getOutcome)
                .containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
    }

    @Test
    void shouldKeepTheDecidedChainWhenTheRaterAnswersNeitherEasyNorHard() {
        Completion completion = chain.run(dispatch(Requests.prompt("ada", "What is the capital of Chile?"), plan(RATER))).join();

        assertThat(completion.response().getModel()).isEqualTo("middle");
        assertThat(completion.response().getAttempts().getFirst().getError()).isEqualTo(
                "openai/rater: answered neither EASY nor HARD; keeping the decided chain");
        assertThat(completion.costEvents()).extracting(CostEvent::getReason).containsExactly(CostReason.SECOND_OPINION, CostReason.PRIMARY);
    }

    private static SecondOpinionPlan plan(ModelRef rater) {
        return SecondOpinionPlan.newBuilder().setRater(rater).setTimeoutMs(2_000).setEasy(List.of(CHEAP)).setHard(List.of(STRONG))
                .setCacheTtlMs(Duration.ofHours(1).toMillis()).setCacheSize(100).build();
    }

    private static DispatchRecord dispatch(PromptRequest request, SecondOpinionPlan plan) {
        return new DispatchRecord(request, Classification.newBuilder().setClassifierVersion("test").setScore(0.5).build(),
                RoutingDecision.newBuilder().setPrimary(DECIDED).setFallbacks(List.of()).setTier(Tier.STANDARD)
                        .setEstimatedCostMicros(10).setReason(RouteReason.POLICY).setReasonDetail("policy").setPolicyVersion("p1").setCacheKey("prefix-1")
                        .setDecidedAt(Instant.now()).setSecondOpinion(plan).build());
    }
}
