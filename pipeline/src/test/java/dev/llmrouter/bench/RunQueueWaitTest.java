package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunQueueWaitTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void shouldCountThreadsWaitingWhenFourTimesAsManyThreadsSpinAsThereAreCores() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/task/" + SELF + "/schedstat")), "the kernel keeps per-thread scheduler counters");
        // given four times as many spinning threads as cores, for 400 ms
        RunQueueWait wait = RunQueueWait.start(List.of(SELF));
        AtomicBoolean spin = new AtomicBoolean(true);
        AtomicLong sink = new AtomicLong();
        List<Thread> spinners = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < 4 * cores; i++) {
            spinners.add(Thread.ofPlatform().start(() -> {
                long x = 0;
                while (spin.get()) {
                    x += System.nanoTime() % 7;
                }
                sink.addAndGet(x);
            }));
        }
        Thread.sleep(400);

        // when the wait is read while they still spin
        OptionalDouble waiting = wait.threadsWaiting();
        spin.set(false);
        for (Thread spinner : spinners) {
            spinner.join();
        }

        // then about three threads per core waited (the time they ran would be one per core)
        assertThat(waiting).isPresent();
        assertThat(waiting.getAsDouble()).isGreaterThan(1.5 * cores);
    }

    @Test
    void shouldHaveNoFigureForAProcessThatDoesNotExist() {
        // given a process id no process has
        RunQueueWait wait = RunQueueWait.start(List.of(Long.MAX_VALUE));

        // then there is no figure rather than a zero
        assertThat(wait.threadsWaiting()).isEmpty();
    }
}
