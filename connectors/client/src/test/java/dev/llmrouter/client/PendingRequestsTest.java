package dev.llmrouter.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.schema.ResponseStatus;
import dev.llmrouter.schema.TokenUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingRequestsTest {

    private final PendingRequests pending = new PendingRequests("test");

    @AfterEach
    void close() {
        pending.close();
    }

    private static LlmResponse response(String requestId) {
        return LlmResponse.newBuilder().setRequestId(requestId).setUserId("u").setStatus(ResponseStatus.OK)
                .setUsage(TokenUsage.newBuilder().build()).setCompletedAt(Instant.now()).build();
    }

    @Test
    void shouldCompleteTheRequestTheResponseAnswersAndForgetIt() {
        CompletableFuture<LlmResponse> future = pending.register("r-1", Duration.ofMinutes(1));

        boolean ours = pending.complete(response("r-1"));

        assertThat(ours).isTrue();
        assertThat(future).isCompletedWithValueMatching(r -> r.getRequestId().equals("r-1"));
        assertThat(pending.size()).isZero();
    }

    @Test
    void shouldIgnoreResponsesToRequestsItDoesNotWaitFor() {
        pending.register("mine", Duration.ofMinutes(1));

        assertThat(pending.complete(response("someone-elses"))).isFalse();
        assertThat(pending.size()).isOne();
    }

    @Test
    void shouldFailWithTimeoutAfterTheDeadlineAndIgnoreTheLateResponse() {
        CompletableFuture<LlmResponse> future = pending.register("slow", Duration.ofMillis(50));

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(RequestTimeoutException.class)
                .hasMessage("no response to request slow within 50 ms");
        assertThat(pending.complete(response("slow"))).isFalse();
        assertThat(pending.size()).isZero();
    }

    @Test
    void shouldRejectADuplicateRequestIdWhileTheFirstIsPending() {
        pending.register("dup", Duration.ofMinutes(1));

        assertThatThrownBy(() -> pending.register("dup", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dup");
    }

    @Test
    void shouldForgetARequestWhoseCallerCancelled() {
        CompletableFuture<LlmResponse> future = pending.register("cancelled", Duration.ofMinutes(1));

        future.cancel(false);

        assertThat(pending.size()).isZero();
        assertThat(pending.complete(response("cancelled"))).isFalse();
    }
}
