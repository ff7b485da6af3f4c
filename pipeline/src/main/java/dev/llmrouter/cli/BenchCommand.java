package dev.llmrouter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmrouter.bench.ClassifierBench;
import dev.llmrouter.bench.HttpClientBench;
import dev.llmrouter.bench.IngressBench;
import dev.llmrouter.bench.PipelineBench;
import dev.llmrouter.bench.WakeUpBench;
import dev.llmrouter.bench.WorkerBench;
import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RouterBenchCsv;
import dev.llmrouter.demo.DemoPrompts;
import dev.llmrouter.runtime.Durations;
import dev.llmrouter.runtime.StreamsSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks on embedded infrastructure; figures and how to read them are in docs/PERFORMANCE.md.",
        subcommands = {BenchCommand.PipelineRun.class, BenchCommand.Workers.class, BenchCommand.HttpClients.class,
                BenchCommand.IngressRun.class, BenchCommand.Classifier.class, BenchCommand.WakeUps.class})
final class BenchCommand {

    /**
     * What every benchmark shares: progress while it runs, then a table, or with {@code --json} one JSON
     * object on standard output and the progress on standard error.
     */
    abstract static class BenchRun implements Callable<Integer> {

        @Option(names = "--json", description = "Print one JSON object instead of a table.")
        boolean json;

        abstract String title();

        abstract Map<String, Object> run(PrintStream progress) throws Exception;

        /** The human-readable report; by default every figure on a line of its own. */
        String table(Map<String, Object> result) {
            StringBuilder table = new StringBuilder();
            result.forEach((key, value) -> table.append(String.format("  %-34s %s%n", key, value)));
            return table.toString();
        }

        @Override
        public Integer call() throws Exception {
            PrintStream progress = json ? System.err : System.out;
            progress.println(title());
            Map<String, Object> result = run(progress);
            if (json) {
                System.out.println(new ObjectMapper().writeValueAsString(result));
            } else {
                System.out.println();
                System.out.print(table(result));
            }
            return 0;
        }
    }

    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "The whole pipeline (classify, route with budgets, workers, responses, cost events, budget settlement) "
                    + "with providers answering at once, in at_least_once and exactly_once_v2, next to a raw Kafka produce and "
                    + "consume of the same record size on the same broker: maximum throughput and added latency at fixed loads.")
    static final class PipelineRun extends BenchRun {

        @Option(names = "--chart", description = "Also write the figures as an SVG chart to this file.")
        Path chart;

        @Option(names = "--duration", defaultValue = "20s", description = "Length of each fixed-load run, e.g. 20s (default ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--warm-up", defaultValue = "20s", description = "Warm-up of each fresh pipeline JVM at 2,000/s, at least; "
                + "then on, in 10 s slices, until the JIT compilers use under 5%% of a core (default ${DEFAULT-VALUE}).")
        String warmUp;

        @Option(names = "--warm-up-limit", defaultValue = "240s", description = "The longest warm-up, settled or not (default ${DEFAULT-VALUE}).")
        String warmUpLimit;

        @Option(names = "--requests", defaultValue = "60000", description = "Backlog drained to measure throughput (default ${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--rates", split = ",", defaultValue = "1000,5000",
                description = "Fixed offered loads, requests/s (default ${DEFAULT-VALUE}); then the highest sustainable rate is searched from 80%% of the measured maximum down.")
        List<Integer> rates;

        @Option(names = "--guarantees", split = ",", defaultValue = "at_least_once,exactly_once_v2",
                description = "Processing guarantees to measure (default ${DEFAULT-VALUE}); none: raw Kafka only.")
        List<String> guarantees;

        @Option(names = "--broker", defaultValue = "process", description = "process: the broker in its own JVM; in-process: in the benchmark's (default ${DEFAULT-VALUE}).")
        String broker;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of every topic (default ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--stream-threads", defaultValue = "1", description = "Stream threads of the pipeline (default ${DEFAULT-VALUE}).")
        int streamThreads;

        @Option(names = "--commit-interval-alos", description = "commit.interval.ms with at_least_once (default: as shipped, 20).")
        Integer commitIntervalAlos;

        @Option(names = "--users", defaultValue = "2000", description = "Distinct users the requests come from, each with a budget (default ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--kafka", description = "A Kafka client setting for the pipeline and the benchmark's clients, e.g. "
                + "--kafka fetch.max.wait.ms=50; repeatable.")
        Map<String, String> clientConfig = new java.util.LinkedHashMap<>();

        @Option(names = "--commit-interval-eos", description = "commit.interval.ms with exactly_once_v2 (default: as shipped, 20).")
        Integer commitIntervalEos;

        @Override
        String title() {
            return "Pipeline benchmark (" + PipelineBench.loadAverage() + " load average at start):";
        }

        @Override
        Map<String, Object> run(PrintStream progress) throws Exception {
            if (!broker.equals("process") && !broker.equals("in-process")) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--broker: process or in-process");
            }
            List<String> measured = guarantees.stream().filter(g -> !g.equals("none")).toList();
            for (String guarantee : measured) {
                if (!guarantee.equals("at_least_once") && !guarantee.equals("exactly_once_v2")) {
                    throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                            "--guarantees: at_least_once, exactly_once_v2 or none, not " + guarantee);
                }
            }
            // A guarantee without an interval given runs at the pipeline's default for it (StreamsSettings).
            Map<String, Integer> commitIntervals = new java.util.HashMap<>();
            if (commitIntervalAlos != null) {
                commitIntervals.put("at_least_once", commitIntervalAlos);
            }
            if (commitIntervalEos != null) {
                commitIntervals.put("exactly_once_v2", commitIntervalEos);
            }
            Map<String, Object> result = new PipelineBench(new PipelineBench.Options(broker.equals("in-process"), requests,
                    Durations.parse(duration, "--duration"), Durations.parse(warmUp, "--warm-up"),
                    Durations.parse(warmUpLimit, "--warm-up-limit"), rates, measured, partitions,
                    streamThreads, commitIntervals, users, clientConfig), progress).run();
            if (chart != null) {
                PipelineBench.writeChart(result, rates, chart);
                progress.println("  chart written to " + chart);
            }
            return result;
        }

        @Override
        String table(Map<String, Object> result) {
            return PipelineBench.table(result, rates);
        }
    }

    @Command(name = "workers", mixinStandardHelpOptions = true,
            description = "One worker instance against providers answering after a fixed delay: calls in flight, completed "
                    + "calls/s, overhead added to the provider's time, and failover when the primary is down.")
    static final class Workers extends BenchRun {

        @Option(names = "--in-flight", defaultValue = "6000", description = "The worker's in-flight limit (default ${DEFAULT-VALUE}).")
        int inFlight;

        @Option(names = "--capacity-calls", defaultValue = "36000", description = "Requests offered at once (default ${DEFAULT-VALUE}).")
        int capacityCalls;

        @Option(names = "--rate", defaultValue = "1000", description = "Offered load for the overhead run, requests/s (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--seconds", defaultValue = "20", description = "Duration of the overhead run (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--failover-calls", defaultValue = "3000", description = "Requests during the outage (default ${DEFAULT-VALUE}).")
        int failoverCalls;

        @Option(names = "--latency-ms", defaultValue = "2000", description = "Simulated provider answer time (default ${DEFAULT-VALUE}).")
        long latencyMs;

        @Override
        String title() {
            return "Worker benchmark:";
        }

        @Override
        Map<String, Object> run(PrintStream progress) throws Exception {
            return new WorkerBench(new WorkerBench.Options(inFlight, capacityCalls, rate, seconds, failoverCalls,
                    Duration.ofMillis(latencyMs)), progress).run();
        }
    }

    @Command(name = "http-clients", mixinStandardHelpOptions = true,
            description = "The same paced load against the simulator from the workers' OpenAI adapter (Jetty client), the JDK "
                    + "HttpClient (async and blocking), HttpURLConnection on virtual threads and the official OpenAI Java SDK "
                    + "(defaults, and with OkHttp's limits raised): latency added to the provider's answer time and CPU per "
                    + "call. Takes about 14 minutes.")
    static final class HttpClients extends BenchRun {

        @Option(names = "--rate", defaultValue = "1000", description = "Calls/s (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--seconds", defaultValue = "10", description = "Seconds per run (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--latency-ms", defaultValue = "2000", description = "Simulated provider answer time (default ${DEFAULT-VALUE}).")
        long latencyMs;

        @Option(names = "--clients", split = ",", description = "Only these clients, e.g. llm_router_adapter,jdk_async (default: all).")
        List<String> clients = List.of();

        @Override
        String title() {
            return "HTTP client benchmark:";
        }

        @Override
        Map<String, Object> run(PrintStream progress) throws Exception {
            return new HttpClientBench(new HttpClientBench.Options(rate, seconds, Duration.ofMillis(latencyMs), clients), progress).run();
        }
    }

    @Command(name = "classifier", mixinStandardHelpOptions = true,
            description = "Microseconds per prompt of the shipped classifier, of the rules alone and of the classification cache "
                    + "(hits, misses), single-threaded, over the demo's prompts or a recorded set's. Takes under a minute.")
    static final class Classifier extends BenchRun {

        @Option(names = "--data", description = "Prompts from this RouterBench CSV (plain or gzip) instead of the demo's.")
        Path data;

        @Override
        String title() {
            return "Classifier benchmark:";
        }

        @Override
        Map<String, Object> run(PrintStream progress) throws Exception {
            List<String> prompts = data == null ? DemoPrompts.texts()
                    : RouterBenchCsv.read(data).prompts().stream().map(RecordedPrompt::prompt).toList();
            return new ClassifierBench(prompts, ClassifierBench.CALLS_PER_PASS, progress).run();
        }
    }

    @Command(name = "wakeups", mixinStandardHelpOptions = true,
            description = "What waking a sleeping thread costs on this machine: two threads handing a turn back and forth, and a "
                    + "thread sleeping 200 µs at a time; CPU per wake-up. At moderate load it sets what a request costs "
                    + "(docs/PERFORMANCE.md). Takes a few seconds.")
    static final class WakeUps extends BenchRun {

        @Override
        String title() {
            return "Wake-up benchmark:";
        }

        @Override
        Map<String, Object> run(PrintStream progress) throws Exception {
            return new WakeUpBench(progress).run();
        }
    }

    @Command(name = "ingress", mixinStandardHelpOptions = true,
            description = "HTTP clients against the OpenAI-compatible ingress in front of the whole pipeline (broker, Streams, "
                    + "one worker) with the provider simulator answering at once: the most requests/s completed, and the latency "
                    + "at 10 concurrent clients. Takes about 4 minutes, most of it warm-up.")
    static final class IngressRun extends BenchRun {

        // A closed loop completes at most clients / latency requests/s: 256 clients measured their own limit (2,920/s at
        // 83 ms), 1,024 reach the CPU's plateau (4,100-4,200/s here, the same as 2,048 at twice the latency).
        @Option(names = "--clients", defaultValue = "1024", description = "Concurrent clients of the throughput run (default ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--latency-clients", defaultValue = "10", description = "Concurrent clients of the latency run (default ${DEFAULT-VALUE}).")
        int latencyClients;

        @Option(names = "--warm-up", defaultValue = "30", description = "Unmeasured seconds first, at least; then on, in 10 s "
                + "slices, until the JIT compilers use under 5%% of a core (default ${DEFAULT-VALUE}).")
        int warmUpSeconds;

        @Option(names = "--warm-up-limit", defaultValue = "240", description = "The longest warm-up, settled or not (default ${DEFAULT-VALUE}).")
        int warmUpLimitSeconds;

        @Option(names = "--seconds", defaultValue = "20", description = "Seconds per measured run (default ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the pipeline's topics (default ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--processing-guarantee", defaultValue = "exactly_once_v2",
                description = "Of the Streams application: exactly_once_v2 (as shipped) or at_least_once (default ${DEFAULT-VALUE}).")
        String processingGuarantee;

        @Option(names = "--commit-interval-ms", description = "Of the Streams application; under exactly-once a request waits for "
                + "route's commit (default: as shipped, 20).")
        Long commitIntervalMs;

        @Option(names = "--stream-threads", defaultValue = "1", description = "Stream threads of the pipeline (default ${DEFAULT-VALUE}).")
        int streamThreads;

        @Option(names = "--echo", description = "Replace the pipeline by a stand-in that answers every request at once: "
                + "measures the ingress and the Kafka round trip alone.")
        boolean echo;

        @Override
        String title() {
            return "Ingress benchmark:";
        }

        @Override
        Map<String, Object> run(PrintStream progress) throws Exception {
            return new IngressBench(new IngressBench.Options(clients, latencyClients, warmUpSeconds, warmUpLimitSeconds, seconds, partitions,
                    processingGuarantee, commitIntervalMs != null ? commitIntervalMs
                            : StreamsSettings.DEFAULT_COMMIT_INTERVAL_MS, streamThreads, echo), progress).run();
        }
    }
}
