package dev.llmrouter.worker;

import dev.llmrouter.provider.ChatResult;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ScorerMode;
import dev.llmrouter.schema.SpeculationPlan;
import dev.llmrouter.speculate.JudgePrompt;
import dev.llmrouter.speculate.SpeculationScorer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The speculative attempt of a decision with a {@link SpeculationPlan}: one call to the plan's cheap
 * model within the latency budget (no retries: a slow or failing cheap model is a reason to escalate,
 * not to wait), then the scorer's rating of its answer, locally or by the judge model. An answer rated
 * at least the plan's accept score is kept; otherwise, as on a timeout or failure, the request escalates
 * to the decision's chain. Every billed call, the judge's included, yields a SPECULATIVE cost event.
 */
final class SpeculativeStep {

    private final AttemptChain chain;
    private final SpeculationScorer scorer;

    SpeculativeStep(AttemptChain chain, SpeculationScorer scorer) {
        this.chain = chain;
        this.scorer = scorer;
    }

    /** The completion when the cheap answer is kept; empty to escalate. Never completes exceptionally. */
    CompletableFuture<Optional<Completion>> run(DispatchRecord dispatch, SpeculationPlan plan, AttemptChain.Progress progress) {
        ModelRef cheap = plan.getCheap();
        int number = progress.nextAttempt();
        CircuitBreaker breaker = chain.guards().breaker(cheap);
        if (!breaker.tryAcquirePermission()) {
            progress.attempts.add(AttemptChain.attempt(number, cheap, CostReason.SPECULATIVE, AttemptOutcome.CIRCUIT_OPEN, 0, 0,
                    name(cheap) + ": skipped, cooling down after repeated failures; escalating", null));
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Duration budget = Duration.ofMillis(plan.getLatencyBudgetMs() > 0 ? plan.getLatencyBudgetMs() : 30_000);
        long started = System.nanoTime();
        return chain.call(dispatch.getRequest(), cheap, budget)
                .handle((result, failure) -> {
                    long elapsed = System.nanoTime() - started;
                    if (failure != null) {
                        chain.failedStep(dispatch, progress, number, cheap, CostReason.SPECULATIVE, breaker, elapsed, failure, "; escalating");
                        return CompletableFuture.completedFuture(Optional.<Completion>empty());
                    }
                    breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                    AttemptBilling billing = chain.billing(dispatch, progress, cheap, result.usage(), true);
                    Attempt attempt = AttemptChain.attempt(number, cheap, CostReason.SPECULATIVE, AttemptOutcome.SUCCESS, result.httpStatus(),
                            elapsed / 1_000_000, null, null, billing);
                    progress.attempts.add(attempt);
                    return rate(dispatch, plan, result, progress).thenApply(score -> {
                        attempt.setQualityScore(score);
                        Optional<String> rejection = SpeculationScorer.rejection(plan, score);
                        if (rejection.isEmpty()) {
                            return Optional.of(chain.succeeded(dispatch, result, progress, score));
                        }
                        attempt.setOutcome(AttemptOutcome.LOW_SCORE);
                        attempt.setError(name(cheap) + ": " + rejection.get() + "; escalating");
                        return Optional.<Completion>empty();
                    });
                })
                .thenCompose(Function.identity());
    }

    /** The local rating, or the judge's when the plan asks for one and the judge answers with a rating. */
    private CompletableFuture<Double> rate(DispatchRecord dispatch, SpeculationPlan plan, ChatResult result, AttemptChain.Progress progress) {
        double local = scorer.score(dispatch.getRequest(), result.content(), result.finishReason());
        if (plan.getScorer() != ScorerMode.LLM_JUDGE || plan.getJudge() == null || local == 0) {
            return CompletableFuture.completedFuture(local);
        }
        ModelRef judge = plan.getJudge();
        int number = progress.nextAttempt();
        PromptRequest question = JudgePrompt.request(dispatch.getRequest(), result.content());
        long started = System.nanoTime();
        return chain.call(question, judge, Duration.ofMillis(plan.getLatencyBudgetMs() > 0 ? plan.getLatencyBudgetMs() : 30_000))
                .handle((verdict, failure) -> {
                    long latencyMs = (System.nanoTime() - started) / 1_000_000;
                    if (failure != null) {
                        Throwable cause = AttemptChain.unwrap(failure);
                        AttemptOutcome outcome = AttemptChain.outcomeOf(cause);
                        progress.attempts.add(AttemptChain.attempt(number, judge, CostReason.SPECULATIVE, outcome, 0, latencyMs,
                                AttemptChain.describe(judge, cause) + "; judged by the local scorer instead", null,
                                chain.billedOnFailure(dispatch, progress, judge, cause)));
                        return local;
                    }
                    // The judge never saw the user's system prompt: its call warms no cache the route stage should follow.
                    AttemptBilling billing = chain.billing(dispatch, progress, judge, verdict.usage(), false);
                    OptionalDouble rating = JudgePrompt.parse(verdict.content());
                    // The rating is the cheap answer's and goes on its attempt, so feedback credits the cheap model.
                    progress.attempts.add(AttemptChain.attempt(number, judge, CostReason.SPECULATIVE, AttemptOutcome.SUCCESS,
                            verdict.httpStatus(), latencyMs, rating.isPresent() ? null
                                    : name(judge) + ": judge gave no rating from 0 to 10; judged by the local scorer instead", null, billing));
                    return rating.orElse(local);
                });
    }

    private static String name(ModelRef model) {
        return model.getProvider() + "/" + model.getModel();
    }
}
