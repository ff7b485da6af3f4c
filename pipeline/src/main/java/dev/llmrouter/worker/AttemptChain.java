package dev.llmrouter.worker;

import dev.llmrouter.outcome.Responses;
import dev.llmrouter.provider.ChatMessage;
import dev.llmrouter.provider.ChatRequest;
import dev.llmrouter.provider.ChatResult;
import dev.llmrouter.provider.LlmProvider;
import dev.llmrouter.provider.ProviderException;
import dev.llmrouter.provider.TokenUsage;
import dev.llmrouter.schema.Attempt;
import dev.llmrouter.schema.AttemptOutcome;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.CostReason;
import dev.llmrouter.schema.DispatchRecord;
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Calls the decision's models in order, the primary first and then each fallback, until one answers.
 * Asynchronous throughout: no thread waits on a provider. Every billed attempt yields a cost event; a
 * request whose whole chain fails gets a FAILED response listing each attempt and why it failed.
 */
public final class AttemptChain {

    private final Function<String, LlmProvider> providers;
    private final CostCalculator costs;
    private final Duration attemptTimeout;

    /**
     * @param providers finds the provider of an id, or throws when none is configured under it
     */
    public AttemptChain(Function<String, LlmProvider> providers, CostCalculator costs, Duration attemptTimeout) {
        this.providers = providers;
        this.costs = costs;
        this.attemptTimeout = attemptTimeout;
    }

    /** Never completes exceptionally: every failure becomes part of the completion. */
    public CompletableFuture<Completion> run(DispatchRecord dispatch) {
        List<ModelRef> chain = new ArrayList<>();
        chain.add(dispatch.getDecision().getPrimary());
        chain.addAll(dispatch.getDecision().getFallbacks());
        return attempt(dispatch, chain, 0, new Progress());
    }

    /** What the chain has done so far for one request. */
    private static final class Progress {
        final List<Attempt> attempts = new ArrayList<>();
        final List<CostEvent> costEvents = new ArrayList<>();
        long costMicros;
    }

    private CompletableFuture<Completion> attempt(DispatchRecord dispatch, List<ModelRef> chain, int index, Progress progress) {
        if (index >= chain.size()) {
            return CompletableFuture.completedFuture(failed(dispatch, progress));
        }
        ModelRef target = chain.get(index);
        CostReason reason = index == 0 ? CostReason.PRIMARY : CostReason.FALLBACK;
        int attemptNumber = progress.attempts.size() + 1;
        long started = System.nanoTime();
        CompletableFuture<ChatResult> call;
        try {
            call = providers.apply(target.getProvider()).chat(toChatRequest(dispatch.getRequest(), target.getModel()));
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call
                // The adapter enforces the timeout on the HTTP call; this guards against one that never completes.
                .orTimeout(attemptTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    long latencyMs = (System.nanoTime() - started) / 1_000_000;
                    if (failure == null) {
                        long cost = costs.costMicros(target, result.usage());
                        progress.costMicros += cost;
                        progress.attempts.add(attempt(attemptNumber, target, reason, AttemptOutcome.SUCCESS, result.httpStatus(), latencyMs, null));
                        progress.costEvents.add(costEvent(dispatch, attemptNumber, target, result.usage(), cost, reason, AttemptOutcome.SUCCESS));
                        return CompletableFuture.completedFuture(succeeded(dispatch, result, progress));
                    }
                    Throwable cause = unwrap(failure);
                    AttemptOutcome outcome = outcomeOf(cause);
                    int status = cause instanceof ProviderException pe ? pe.httpStatus() : 0;
                    progress.attempts.add(attempt(attemptNumber, target, reason, outcome, status, latencyMs, describe(target, cause)));
                    // A provider that generated and then refused still bills the tokens: charge them.
                    if (cause instanceof ProviderException pe && pe.billedUsage().isPresent()) {
                        TokenUsage billed = pe.billedUsage().get();
                        long cost = costs.costMicros(target, billed);
                        progress.costMicros += cost;
                        progress.costEvents.add(costEvent(dispatch, attemptNumber, target, billed, cost, reason, outcome));
                    }
                    return attempt(dispatch, chain, index + 1, progress);
                })
                .thenCompose(Function.identity());
    }

    private Completion succeeded(DispatchRecord dispatch, ChatResult result, Progress progress) {
        Instant now = Instant.now();
        TokenUsage usage = result.usage();
        LlmResponse response = Responses.forRequest(dispatch.getRequest(), now)
                .setStatus(ResponseStatus.OK)
                .setContent(result.content())
                .setFinishReason(result.finishReason())
                .setProvider(result.provider())
                .setModel(result.model())
                .setUsage(new dev.llmrouter.schema.TokenUsage(usage.inputTokens(), usage.outputTokens(),
                        usage.cachedInputTokens(), usage.cacheWriteTokens()))
                .setCostMicros(progress.costMicros)
                .setAttempts(List.copyOf(progress.attempts))
                .setClassification(dispatch.getClassification())
                .setDecision(dispatch.getDecision())
                .build();
        return new Completion(response, List.copyOf(progress.costEvents));
    }

    private Completion failed(DispatchRecord dispatch, Progress progress) {
        String error = progress.attempts.isEmpty() ? "no model to try"
                : "all " + progress.attempts.size() + " attempts failed; last: " + progress.attempts.getLast().getError();
        LlmResponse response = Responses.forRequest(dispatch.getRequest(), Instant.now())
                .setStatus(ResponseStatus.FAILED)
                .setError(error)
                .setCostMicros(progress.costMicros)
                .setAttempts(List.copyOf(progress.attempts))
                .setClassification(dispatch.getClassification())
                .setDecision(dispatch.getDecision())
                .build();
        return new Completion(response, List.copyOf(progress.costEvents));
    }

    private CostEvent costEvent(DispatchRecord dispatch, int attempt, ModelRef target, TokenUsage usage, long cost,
                                CostReason reason, AttemptOutcome outcome) {
        PromptRequest request = dispatch.getRequest();
        return CostEvent.newBuilder()
                .setRequestId(request.getRequestId())
                .setAttempt(attempt)
                .setUserId(request.getUserId())
                .setSessionId(request.getSessionId())
                .setTenant(request.getTenant())
                .setProvider(target.getProvider())
                .setModel(target.getModel())
                .setInputTokens(usage.inputTokens())
                .setOutputTokens(usage.outputTokens())
                .setCachedInputTokens(usage.cachedInputTokens())
                .setCacheWriteTokens(usage.cacheWriteTokens())
                .setCostMicros(cost)
                .setPriceCatalogVersion(costs.catalogVersion())
                .setReason(reason)
                .setOutcome(outcome)
                .setPolicyVersion(dispatch.getDecision().getPolicyVersion())
                .setEstimatedCostMicros(dispatch.getDecision().getEstimatedCostMicros())
                .setRequestCreatedAt(request.getCreatedAt())
                .setOccurredAt(Instant.now())
                .build();
    }

    private ChatRequest toChatRequest(PromptRequest request, String model) {
        List<ChatMessage> messages = new ArrayList<>(request.getMessages().size());
        for (var message : request.getMessages()) {
            messages.add(new ChatMessage(role(message.getRole()), message.getContent()));
        }
        String format = request.getHints() == null ? null : request.getHints().getResponseFormat();
        return new ChatRequest(model, request.getSystemPrompt(), messages, request.getMaxOutputTokens(),
                request.getTemperature(), request.getSystemPrompt() != null, format, attemptTimeout);
    }

    private static ChatMessage.Role role(Role role) {
        return switch (role) {
            case SYSTEM -> ChatMessage.Role.SYSTEM;
            case ASSISTANT -> ChatMessage.Role.ASSISTANT;
            case USER, TOOL, UNKNOWN -> ChatMessage.Role.USER;
        };
    }

    private static Attempt attempt(int number, ModelRef target, CostReason reason, AttemptOutcome outcome, int status,
                                   long latencyMs, String error) {
        return Attempt.newBuilder().setAttempt(number).setTarget(target).setReason(reason).setOutcome(outcome)
                .setHttpStatus(status).setLatencyMs(latencyMs).setError(error).build();
    }

    private static AttemptOutcome outcomeOf(Throwable cause) {
        if (cause instanceof ProviderException pe) {
            return AttemptOutcome.valueOf(pe.kind().name());
        }
        if (cause instanceof TimeoutException) {
            return AttemptOutcome.TIMEOUT;
        }
        return AttemptOutcome.PROVIDER_ERROR;
    }

    private static String describe(ModelRef target, Throwable cause) {
        String kind = cause instanceof ProviderException pe ? pe.kind().name() : cause.getClass().getSimpleName();
        return target.getProvider() + "/" + target.getModel() + ": " + kind + ": " + cause.getMessage();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
