package dev.llmrouter.worker;

import dev.llmrouter.opinion.RatingCache;
import dev.llmrouter.outcome.Responses;
import dev.llmrouter.provider.ChatMessage;
import dev.llmrouter.provider.ChatRequest;
import dev.llmrouter.provider.ChatResult;
import dev.llmrouter.provider.ErrorKind;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderException;
import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.outcome.BilledAttempts;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptBilling;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.SecondOpinionPlan;
import dev.llmrouter.schema.SpeculationPlan;
import dev.llmrouter.speculate.SpeculationScorer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Calls the decision's models in order, the primary first and then each fallback, until one answers.
 * A provider-side failure (rate limit, outage, timeout) is retried on the same model after a jittered
 * exponential backoff that honours Retry-After, up to {@link ResilienceSettings#attemptsPerModel()};
 * a model whose circuit is open is skipped while it cools down. Asynchronous throughout: no thread
 * waits on a provider, a backoff or a limit. Every billed attempt carries its billing on the response, and
 * yields a cost event ({@link BilledAttempts#costEvents}); a request whose
 * whole chain fails gets a FAILED response listing each attempt and why it failed. A decision with a
 * speculation plan first runs {@link SpeculativeStep}; the chain runs only when that escalates. A decision
 * with a second-opinion plan first gets the rater's verdict ({@link SecondOpinionStep}): EASY runs the
 * plan's easy chain, HARD its hard chain, both without speculation (the verdict already says whether a
 * cheap model will do); no verdict runs the decision as it is. Every answer is rated by the local scorer,
 * and the rating travels with the response as quality feedback.
 */
public final class AttemptChain {

    private final Function<String, LlmProvider> providers;
    private final CostCalculator costs;
    private final Duration attemptTimeout;
    private final ProviderGuards guards;
    private final SpeculationScorer scorer;
    private final SpeculativeStep speculative;
    private final SecondOpinionStep secondOpinion;
    private final CallDeadlines deadlines = new CallDeadlines();

    /**
     * @param providers finds the provider of an id, or throws when none is configured under it
     * @param guards    circuit breakers and limits, shared by the workers of an instance
     */
    public AttemptChain(Function<String, LlmProvider> providers, CostCalculator costs, Duration attemptTimeout, ProviderGuards guards) {
        this(providers, costs, attemptTimeout, guards, SpeculationScorer.bundled());
    }

    /** @param scorer rates every answer (fed back to the route stage) and decides speculative attempts */
    public AttemptChain(Function<String, LlmProvider> providers, CostCalculator costs, Duration attemptTimeout, ProviderGuards guards,
                        SpeculationScorer scorer) {
        this(providers, costs, attemptTimeout, guards, scorer, new RatingCache());
    }

    /** @param ratings second-opinion ratings by prompt hash, shared by the workers of an instance */
    public AttemptChain(Function<String, LlmProvider> providers, CostCalculator costs, Duration attemptTimeout, ProviderGuards guards,
                        SpeculationScorer scorer, RatingCache ratings) {
        this.providers = providers;
        this.costs = costs;
        this.attemptTimeout = attemptTimeout;
        this.guards = guards;
        this.scorer = scorer;
        this.speculative = new SpeculativeStep(this, scorer);
        this.secondOpinion = new SecondOpinionStep(this, ratings);
    }

    /** Never completes exceptionally: every failure becomes part of the completion. */
    public CompletableFuture<Completion> run(DispatchRecord dispatch) {
        List<ModelRef> chain = new ArrayList<>();
        chain.add(dispatch.getDecision().getPrimary());
        chain.addAll(dispatch.getDecision().getFallbacks());
        List<ModelRef> allowed = TierCeiling.of(dispatch.getDecision(), costs).filter(chain);
        if (allowed.isEmpty()) {
            return CompletableFuture.completedFuture(complete(dispatch, new Progress(), response -> response
                    .setStatus(ResponseStatus.REFUSED)
                    .setError("no model of the chain is within the budget's max tier " + dispatch.getDecision().getMaxTier())));
        }
        Progress progress = new Progress();
        SecondOpinionPlan plan = dispatch.getDecision().getSecondOpinion();
        TierCeiling ceiling = TierCeiling.of(dispatch.getDecision(), costs);
        if (plan == null || !ceiling.allows(plan.getRater())) {
            return decided(dispatch, allowed, progress);
        }
        return secondOpinion.route(dispatch, plan, ceiling, allowed, progress).thenCompose(routed -> routed.chain().isEmpty()
                ? decided(routed.dispatch(), allowed, progress)
                : attempt(routed.dispatch(), routed.chain().get(), 0, 1, progress, CostReason.PRIMARY));
    }

    /** The decision as the route stage made it: speculation first when it has a plan, then the chain. */
    private CompletableFuture<Completion> decided(DispatchRecord dispatch, List<ModelRef> allowed, Progress progress) {
        SpeculationPlan speculation = dispatch.getDecision().getSpeculation();
        if (speculation == null) {
            return attempt(dispatch, allowed, 0, 1, progress, CostReason.PRIMARY);
        }
        return speculative.run(dispatch, speculation, progress)
                .thenCompose(kept -> kept.isPresent() ? CompletableFuture.completedFuture(kept.get())
                        : attempt(dispatch, allowed, 0, 1, progress, CostReason.ESCALATION));
    }

    /** What the chain has done so far for one request. */
    static final class Progress {
        final List<Attempt> attempts = new ArrayList<>();
        long costMicros;

        int nextAttempt() {
            return attempts.size() + 1;
        }
    }

    /** @param firstReason why the chain's first model is called: the decision's primary, or an escalation */
    private CompletableFuture<Completion> attempt(DispatchRecord dispatch, List<ModelRef> chain, int index, int tryOnModel,
                                                  Progress progress, CostReason firstReason) {
        // Every circuit was open and nothing was called: a durable request deserves one real try.
        List<Attempt> tried = progress.attempts.stream().filter(a -> a.getReason() != CostReason.SECOND_OPINION).toList();
        boolean lastResort = index == chain.size() && !tried.isEmpty()
                && tried.stream().allMatch(a -> a.getOutcome() == AttemptOutcome.CIRCUIT_OPEN);
        if (index >= chain.size() && !lastResort) {
            return CompletableFuture.completedFuture(failed(dispatch, progress));
        }
        ModelRef target = chain.get(lastResort ? 0 : index);
        CostReason reason = index == 0 || lastResort ? firstReason : CostReason.FALLBACK;
        int attemptNumber = progress.attempts.size() + 1;
        // The last-resort call bypasses the model's breaker, and does not feed it.
        CircuitBreaker breaker = lastResort ? null : guards.breaker(target);
        if (breaker != null && !breaker.tryAcquirePermission()) {
            progress.attempts.add(attempt(attemptNumber, target, reason, AttemptOutcome.CIRCUIT_OPEN, 0, 0,
                    target.getProvider() + "/" + target.getModel() + ": skipped, cooling down after repeated failures", null));
            return attempt(dispatch, chain, index + 1, 1, progress, firstReason);
        }
        long started = System.nanoTime();
        return call(dispatch.getRequest(), target, attemptTimeout)
                .handle((result, failure) -> {
                    long elapsedNanos = System.nanoTime() - started;
                    long latencyMs = elapsedNanos / 1_000_000;
                    if (failure == null) {
                        if (breaker != null) {
                            breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
                        }
                        AttemptBilling billing = billing(dispatch, progress, target, result.usage(), true);
                        double score = scorer.score(dispatch.getRequest(), result.content(), result.finishReason());
                        progress.attempts.add(attempt(attemptNumber, target, reason, AttemptOutcome.SUCCESS, result.httpStatus(), latencyMs, null,
                                score, billing));
                        return CompletableFuture.completedFuture(succeeded(dispatch, result, progress, score));
                    }
                    Throwable cause = unwrap(failure);
                    if (breaker != null) {
                        breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, cause);
                    }
                    AttemptOutcome outcome = outcomeOf(cause);
                    int status = cause instanceof ProviderException pe ? pe.httpStatus() : 0;
                    progress.attempts.add(attempt(attemptNumber, target, reason, outcome, status, latencyMs, describe(target, cause), null,
                            billedOnFailure(dispatch, progress, target, cause)));
                    Optional<Duration> retryIn = lastResort ? Optional.empty() : retryDelay(cause, tryOnModel);
                    if (retryIn.isPresent()) {
                        Executor later = CompletableFuture.delayedExecutor(retryIn.get().toNanos(), TimeUnit.NANOSECONDS);
                        return CompletableFuture.supplyAsync(() -> attempt(dispatch, chain, index, tryOnModel + 1, progress, firstReason), later)
                                .thenCompose(Function.identity());
                    }
                    return attempt(dispatch, chain, index + 1, 1, progress, firstReason);
                })
                .thenCompose(Function.identity());
    }

    /**
     * Records a failed call of a step before the chain (speculative, rating): feeds the model's breaker,
     * adds the attempt with what failed and what happens next, and charges what the provider billed.
     */
    void failedStep(DispatchRecord dispatch, Progress progress, int number, ModelRef target, CostReason reason, CircuitBreaker breaker,
                    long elapsedNanos, Throwable failure, String next) {
        Throwable cause = unwrap(failure);
        breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, cause);
        progress.attempts.add(attempt(number, target, reason, outcomeOf(cause), cause instanceof ProviderException pe ? pe.httpStatus() : 0,
                elapsedNanos / 1_000_000, describe(target, cause) + next, null, billedOnFailure(dispatch, progress, target, cause)));
    }

    /** A provider that generated and then refused still bills the tokens: charge them. Null when it billed nothing. */
    AttemptBilling billedOnFailure(DispatchRecord dispatch, Progress progress, ModelRef target, Throwable cause) {
        if (cause instanceof ProviderException pe && pe.billedUsage().isPresent()) {
            return billing(dispatch, progress, target, pe.billedUsage().get(), true);
        }
        return null;
    }

    /**
     * Prices a billed call and adds it to the request's cost.
     *
     * @param sentPrompt whether the call sent the user's prompt, and so warmed the provider's cache for the decision's
     *                   prompt prefix; a judge or a rater did not
     */
    AttemptBilling billing(DispatchRecord dispatch, Progress progress, ModelRef target, TokenUsage usage, boolean sentPrompt) {
        long cost = costs.costMicros(target, usage);
        progress.costMicros += cost;
        return AttemptBilling.newBuilder()
                .setUsage(recorded(usage))
                .setCostMicros(cost)
                .setCacheKey(sentPrompt ? dispatch.getDecision().getCacheKey() : null)
                .setOccurredAt(Instant.now())
                .build();
    }

    ProviderGuards guards() {
        return guards;
    }

    /**
     * One provider call within the provider's concurrency and rate limits. The permit is held from the
     * start of the call to its end, and released exactly once however the call ends.
     */
    CompletableFuture<ChatResult> call(PromptRequest request, ModelRef target, Duration timeout) {
        AsyncPermits permits = guards.permits(target.getProvider());
        return permits.acquire().thenCompose(held -> {
            CompletableFuture<ChatResult> call;
            try {
                long waitNanos = guards.rateLimiter(target.getProvider()).map(RateLimiter::reservePermission).orElse(0L);
                if (waitNanos < 0) {
                    throw new ProviderException(target.getProvider(), target.getModel(), ErrorKind.RATE_LIMITED,
                            "local rate limit of " + guards.settings().limitsOf(target.getProvider()).requestsPerSecond()
                                    + " requests/s leaves no slot within " + guards.settings().maxRetryAfter().toSeconds() + " s");
                }
                ChatRequest chat = toChatRequest(request, target.getModel(), timeout);
                LlmProvider provider = providers.apply(target.getProvider());
                call = waitNanos == 0 ? provider.chat(chat)
                        : CompletableFuture.supplyAsync(() -> provider.chat(chat),
                                CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS)).thenCompose(Function.identity());
            } catch (RuntimeException e) {
                call = CompletableFuture.failedFuture(e);
            }
            // The adapter enforces the timeout on the HTTP call; this guards against one that never completes.
            return deadlines.track(call, System.nanoTime() + timeout.plusSeconds(1).toNanos())
                    .whenComplete((result, failure) -> permits.release());
        });
    }

    /**
     * Fails the calls an adapter left running a second past their timeout, with a {@link java.util.concurrent.TimeoutException};
     * the worker's poll loop calls it about once a second. Returns how many.
     */
    public int expireOverdueCalls() {
        return deadlines.expire(System.nanoTime());
    }

    /** When to call the same model again, or empty to fail over now. */
    private Optional<Duration> retryDelay(Throwable cause, int tryOnModel) {
        ResilienceSettings settings = guards.settings();
        if (tryOnModel >= settings.attemptsPerModel() || !(cause instanceof ProviderException pe) || !pe.kind().retryable()) {
            return Optional.empty();
        }
        Optional<Duration> retryAfter = pe.retryAfter();
        if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.maxRetryAfter()) > 0) {
            return Optional.empty();
        }
        long ceiling = Math.min(settings.backoffMax().toMillis(), settings.backoffBase().toMillis() << Math.min(20, tryOnModel - 1));
        // Full jitter spreads the retries of many requests that failed together; Retry-After is a floor.
        long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
        return Optional.of(retryAfter.map(floor -> floor.plusMillis(jittered / 4)).orElse(Duration.ofMillis(jittered)));
    }

    Completion succeeded(DispatchRecord dispatch, ChatResult result, Progress progress, double score) {
        return complete(dispatch, progress, response -> response
                .setStatus(ResponseStatus.OK)
                .setQualityScore(score)
                .setContent(result.content())
                .setFinishReason(result.finishReason())
                .setProvider(result.provider())
                .setModel(result.model())
                .setUsage(recorded(result.usage())));
    }

    /** The provider's reported usage as the contract records it. */
    private static dev.llmrouter.schema.TokenUsage recorded(TokenUsage usage) {
        return new dev.llmrouter.schema.TokenUsage(usage.inputTokens(), usage.outputTokens(), usage.cachedInputTokens(), usage.cacheWriteTokens());
    }

    private Completion failed(DispatchRecord dispatch, Progress progress) {
        String error = progress.attempts.isEmpty() ? "no model to try"
                : "all " + progress.attempts.size() + " attempts failed; last: " + progress.attempts.getLast().getError();
        return complete(dispatch, progress, response -> response.setStatus(ResponseStatus.FAILED).setError(error));
    }

    /** The response with what every outcome shares (attempts, total cost, decision), and its cost events. */
    private Completion complete(DispatchRecord dispatch, Progress progress, UnaryOperator<LlmResponse.Builder> outcome) {
        LlmResponse response = outcome.apply(Responses.forDispatch(dispatch, Instant.now())
                .setCostMicros(progress.costMicros)
                .setAttempts(List.copyOf(progress.attempts))).build();
        return new Completion(response, BilledAttempts.costEvents(response, costs.catalogVersion()));
    }

    private ChatRequest toChatRequest(PromptRequest request, String model, Duration timeout) {
        List<ChatMessage> messages = new ArrayList<>(request.getMessages().size());
        for (var message : request.getMessages()) {
            messages.add(new ChatMessage(role(message.getRole()), message.getContent()));
        }
        String format = request.getHints() == null ? null : request.getHints().getResponseFormat();
        return new ChatRequest(model, request.getSystemPrompt(), messages, request.getMaxOutputTokens(),
                request.getTemperature(), request.getSystemPrompt() != null, format, timeout);
    }

    private static ChatMessage.Role role(Role role) {
        return switch (role) {
            case SYSTEM -> ChatMessage.Role.SYSTEM;
            case ASSISTANT -> ChatMessage.Role.ASSISTANT;
            case USER, TOOL, UNKNOWN -> ChatMessage.Role.USER;
        };
    }

    static Attempt attempt(int number, ModelRef target, CostReason reason, AttemptOutcome outcome, int status,
                           long latencyMs, String error, Double score) {
        return attempt(number, target, reason, outcome, status, latencyMs, error, score, null);
    }

    /** @param billing what the provider billed for the call, or null when it billed nothing */
    static Attempt attempt(int number, ModelRef target, CostReason reason, AttemptOutcome outcome, int status,
                           long latencyMs, String error, Double score, AttemptBilling billing) {
        return Attempt.newBuilder().setAttempt(number).setTarget(target).setReason(reason).setOutcome(outcome)
                .setHttpStatus(status).setLatencyMs(latencyMs).setError(error).setQualityScore(score).setBilling(billing).build();
    }

    static AttemptOutcome outcomeOf(Throwable cause) {
        if (cause instanceof ProviderException pe) {
            return AttemptOutcome.valueOf(pe.kind().name());
        }
        if (cause instanceof TimeoutException) {
            return AttemptOutcome.TIMEOUT;
        }
        return AttemptOutcome.PROVIDER_ERROR;
    }

    static String describe(ModelRef target, Throwable cause) {
        String kind = cause instanceof ProviderException pe ? pe.kind().name() : cause.getClass().getSimpleName();
        return target.getProvider() + "/" + target.getModel() + ": " + kind + ": " + cause.getMessage();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
