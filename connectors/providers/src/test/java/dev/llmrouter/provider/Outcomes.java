package dev.llmrouter.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a provider call's outcome in tests (the bound only keeps a broken test from hanging). */
final class Outcomes {

    private static final long BOUND_SECONDS = 60;

    private Outcomes() {
    }

    static ChatResult success(CompletableFuture<ChatResult> call) {
        try {
            return call.get(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a result, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    static ProviderException failure(CompletableFuture<ChatResult> call) {
        try {
            ChatResult result = call.get(BOUND_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + result);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ProviderException.class);
            return (ProviderException) e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }
}
