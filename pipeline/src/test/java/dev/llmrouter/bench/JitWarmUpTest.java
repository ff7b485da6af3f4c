package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {

    private static final Duration SLICE = Duration.ofMillis(20);
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream());

    @Test
    void shouldWarmUpUntilTheCompilersUseLessThanAShareOfACore() throws Exception {
        // given compilers that use ten cores' worth of time in each of the first three slices, then nothing
        List<Duration> slices = new ArrayList<>();
        JitWarmUp warmUp = new JitWarmUp(Duration.ZERO, Duration.ofMinutes(1), SLICE, cumulative(200, 200, 200, 0));

        // when warming up
        JitWarmUp.Outcome outcome = warmUp.run(slices::add, out);

        // then it ran four slices and ended settled
        assertThat(slices).hasSize(4).containsOnly(SLICE);
        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.compilerShare()).isZero();
    }

    @Test
    void shouldWarmUpForTheMinimumEvenWhenTheCompilersAreIdle() throws Exception {
        // given idle compilers and a minimum of five slices
        List<Duration> slices = new ArrayList<>();
        JitWarmUp warmUp = new JitWarmUp(SLICE.multipliedBy(5), Duration.ofMinutes(1), SLICE, () -> 0);

        // when warming up
        JitWarmUp.Outcome outcome = warmUp.run(length -> {
            slices.add(length);
            Thread.sleep(length.toMillis());
        }, out);

        // then it ran until the minimum had passed
        assertThat(slices).hasSizeGreaterThanOrEqualTo(5);
        assertThat(outcome.seconds()).isGreaterThanOrEqualTo(SLICE.multipliedBy(5).toNanos() / 1e9);
        assertThat(outcome.settled()).isTrue();
    }

    @Test
    void shouldStopAtTheLimitAndSayTheCompilersHadNotSettled() throws Exception {
        // given compilers that never settle
        long[] used = {0};
        JitWarmUp warmUp = new JitWarmUp(Duration.ZERO, SLICE.multipliedBy(3), SLICE, () -> used[0] += 1_000);

        // when warming up
        JitWarmUp.Outcome outcome = warmUp.run(length -> Thread.sleep(length.toMillis()), out);
        Map<String, Object> result = new HashMap<>();
        outcome.report("alos_", result);

        // then it stopped at the limit and reports so
        assertThat(outcome.seconds()).isBetween(SLICE.multipliedBy(3).toNanos() / 1e9, 10.0);
        assertThat(outcome.settled()).isFalse();
        assertThat(result).containsEntry("alos_warmup_jit_settled", false).containsKeys("alos_warmup_seconds", "alos_warmup_jit_core_share");
    }

    @Test
    void shouldEndAfterTheMinimumWhenTheCompilersCannotBeObserved() throws Exception {
        // given no /proc (the compilers' time is unknown)
        JitWarmUp warmUp = new JitWarmUp(Duration.ZERO, Duration.ofMinutes(1), SLICE, () -> -1);

        // when warming up
        JitWarmUp.Outcome outcome = warmUp.run(length -> { }, out);

        // then one slice was enough, and it is not called settled
        assertThat(outcome.settled()).isFalse();
        assertThat(outcome.compilerShare()).isEqualTo(-1);
    }

    @Test
    void shouldReadTheCpuTimeOfThisJvmsCompilerThreads() {
        assumeThat(Files.isDirectory(Path.of("/proc/self/task"))).as("Linux /proc").isTrue();

        // when reading this JVM's compiler threads, which compiled the test framework by now
        long millis = ProcessCpu.compilerMillis(ProcessHandle.current().pid());

        // then they have used some CPU time, and a process that does not exist has none to read
        assertThat(millis).isPositive();
        assertThat(ProcessCpu.compilerMillis(Long.MAX_VALUE)).isEqualTo(-1);
    }

    /** Compiler milliseconds that grow by the given amounts, one per slice (read before and after each). */
    private static LongSupplier cumulative(long... perSlice) {
        List<Long> readings = new ArrayList<>();
        long total = 0;
        for (long used : perSlice) {
            readings.add(total);
            total += used;
            readings.add(total);
        }
        Iterator<Long> next = readings.iterator();
        return () -> next.hasNext() ? next.next() : readings.getLast();
    }
}
