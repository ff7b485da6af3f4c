package dev.llmrouter.worker;

import dev.llmrouter.opinion.RatingCache;
import dev.llmrouter.opinion.RatingPrompt;
import dev.llmrouter.opinion.RatingPrompt.Verdict;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.schema.SecondOpinionPlan;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The second opinion of a decision with a {@link SecondOpinionPlan}: the rater's EASY or HARD for the
 * prompt, from the instance's {@link RatingCache} or from one call to the rater within the plan's timeout,
 * through the same limits and circuit breaker as every call and without retries (a slow rating is worth
 * less than the time it costs). The call is billed like any attempt, with reason SECOND_OPINION. It
 * never fails the request: a failed, late or unreadable rating is recorded as an attempt and yields no
 * verdict, so the decided chain runs.
 */
final class SecondOpinionStep {

    private static final String KEEPING = "; keeping the decided chain";

    private final AttemptChain chain;
    private final RatingCache cache;

    SecondOpinionStep(AttemptChain chain, RatingCache cache) {
        this.chain = chain;
        this.cache = cache;
    }

    /**
     * What the verdict means for the request.
     *
     * @param dispatch the request, its decision's detail noting the verdict
     * @param chain    the chain to call, without speculation; empty to run the decision as the route stage made it
     */
    record Routed(DispatchRecord dispatch, Optional<List<ModelRef>> chain) {
    }

    /**
     * EASY: the plan's easy chain, or the decision as it is when there is none; HARD: the hard chain, or the
     * decided chain, both without speculation; no verdict: the decision as it is. Never completes exceptionally.
     *
     * @param allowed the decided chain within the budget's cap
     */
    CompletableFuture<Routed> route(DispatchRecord dispatch, SecondOpinionPlan plan, TierCeiling ceiling, List<ModelRef> allowed,
                                    AttemptChain.Progress progress) {
        String key = RatingPrompt.cacheKey(dispatch.getRequest(), plan.getRater());
        return cache.get(key, Duration.ofMillis(plan.getCacheTtlMs()), plan.getCacheSize(), () -> ask(dispatch, plan, progress))
                .thenApply(rated -> {
                    if (rated.verdict().isEmpty()) {
                        return new Routed(dispatch, Optional.empty());
                    }
                    Verdict verdict = rated.verdict().get();
                    List<ModelRef> planned = ceiling.filter(verdict == Verdict.EASY ? plan.getEasy() : plan.getHard());
                    String detail = "; second opinion " + verdict + (rated.cached() ? " (cached)" : "") + ": "
                            + (planned.isEmpty() ? "kept the decided chain" : "moved to " + name(planned.getFirst()));
                    DispatchRecord noted = DispatchRecord.newBuilder(dispatch).setDecision(RoutingDecision.newBuilder(dispatch.getDecision())
                            .setReasonDetail(dispatch.getDecision().getReasonDetail() + detail).build()).build();
                    if (planned.isEmpty()) {
                        return new Routed(noted, verdict == Verdict.EASY ? Optional.empty() : Optional.of(allowed));
                    }
                    return new Routed(noted, Optional.of(planned));
                });
    }

    /** Completes with the rater's verdict, or null when there is none. */
    private CompletableFuture<Verdict> ask(DispatchRecord dispatch, SecondOpinionPlan plan, AttemptChain.Progress progress) {
        ModelRef rater = plan.getRater();
        int number = progress.nextAttempt();
        CircuitBreaker breaker = chain.guards().breaker(rater);
        if (!breaker.tryAcquirePermission()) {
            progress.attempts.add(AttemptChain.attempt(number, rater, CostReason.SECOND_OPINION, AttemptOutcome.CIRCUIT_OPEN, 0, 0,
                    name(rater) + ": skipped, cooling down after repeated failures" + KEEPING, null));
            return CompletableFuture.completedFuture(null);
        }
        Duration timeout = Duration.ofMillis(plan.getTimeoutMs() > 0 ? plan.getTimeoutMs() : 2_000);
        long started = System.nanoTime();
        return chain.call(RatingPrompt.request(dispatch.getRequest()), rater, timeout)
                .handle((result, failure) -> {
                    long elapsed = System.nanoTime() - started;
                    if (failure != null) {
                        chain.failedStep(dispatch, progress, number, rater, CostReason.SECOND_OPINION, breaker, elapsed, failure, KEEPING);
                        return null;
                    }
                    breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
                    // The rater never saw the user's system prompt: its call warms no cache the route stage should follow.
                    AttemptBilling billing = chain.billing(dispatch, progress, rater, result.usage(), false);
                    Verdict verdict = RatingPrompt.parse(result.content()).orElse(null);
                    progress.attempts.add(AttemptChain.attempt(number, rater, CostReason.SECOND_OPINION, AttemptOutcome.SUCCESS,
                            result.httpStatus(), elapsed / 1_000_000,
                            verdict == null ? name(rater) + ": answered neither EASY nor HARD" + KEEPING : null, null, billing));
                    return verdict;
                });
    }

    private static String name(ModelRef model) {
        return model.getProvider() + "/" + model.getModel();
    }
}
