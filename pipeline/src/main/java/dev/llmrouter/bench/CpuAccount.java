package dev.llmrouter.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.llmrouter.ingress.IngressServer;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time this JVM spent over a run, in total and by what its threads do (told apart by thread name). On a
 * shared machine the CPU a request costs moves far less than the requests per second do, so it is the figure
 * that says which part of the path is expensive.
 */
final class CpuAccount {

    /** Thread-name fragments and the part of the path they belong to; the first match wins. */
    private static final List<Map.Entry<String, String>> PARTS = List.of(
            Map.entry("HttpClient-", "http_clients"),
            Map.entry("llm-router-provider-http", "http_clients"),
            Map.entry(IngressBench.LOAD_GENERATOR, "load_generator"),
            // Before "llm-router-ingress": the ingress's Kafka clients are named after it too.
            Map.entry(IngressServer.THREAD_NAME, "ingress_http_server"),
            Map.entry("llm-router-ingress", "ingress_kafka_clients"),
            Map.entry("ForkJoinPool-", "virtual_threads"),
            Map.entry("StreamThread", "streams"),
            Map.entry("llm-router-worker", "worker"),
            Map.entry("bench-echo", "echo_stand_in"),
            Map.entry("kafka-producer-network-thread", "other_kafka_clients"),
            Map.entry("data-plane", "broker"),
            Map.entry("kafka", "broker"),
            Map.entry("raft", "broker"),
            Map.entry("quorum", "broker"),
            Map.entry("controller", "broker"),
            Map.entry("group-coordinator", "broker"),
            Map.entry("share-coordinator", "broker"),
            Map.entry("transaction", "broker"),
            Map.entry("ExpirationReaper", "broker"),
            Map.entry("GC", "gc_and_jit"),
            Map.entry("C1 ", "gc_and_jit"),
            Map.entry("C2 ", "gc_and_jit"));

    private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final long processStart;
    private final long allocatedStart;
    private final Map<Long, Long> threadStart = new TreeMap<>();

    private CpuAccount() {
        processStart = os.getProcessCpuTime();
        allocatedStart = threads.getTotalThreadAllocatedBytes();
        for (long id : threads.getAllThreadIds()) {
            threadStart.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
    }

    static CpuAccount start() {
        return new CpuAccount();
    }

    /**
     * CPU milliseconds per completed request, in total and per part of the path. Threads that ended during the
     * run are not listed any more: their parts come in {@code ended} (nanoseconds); what no listed thread used
     * (JIT compiler and GC threads the JVM does not list, other ended threads) counts under {@code other}.
     */
    Map<String, Double> perRequest(long completed, Map<String, Long> ended) {
        long total = os.getProcessCpuTime() - processStart;
        Map<String, Long> byPart = new TreeMap<>();
        long listed = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = threads.getThreadCpuTime(info.getThreadId());
            if (now < 0) {
                continue;
            }
            long used = now - threadStart.getOrDefault(info.getThreadId(), 0L);
            listed += used;
            byPart.merge(part(info.getThreadName()), used, Long::sum);
        }
        ended.forEach((part, nanos) -> byPart.merge(part, nanos, Long::sum));
        listed += ended.values().stream().mapToLong(Long::longValue).sum();
        byPart.merge("other", Math.max(0, total - listed), Long::sum);
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("total", perRequest(total, completed));
        byPart.forEach((part, nanos) -> result.put(part, perRequest(nanos, completed)));
        return result;
    }

    /**
     * Heap kilobytes this JVM's threads allocated per completed request (a virtual thread's count with its carrier's):
     * what its collector has to clear, and memory the caches have to take in.
     */
    double allocatedKbPerRequest(long completed) {
        long bytes = threads.getTotalThreadAllocatedBytes() - allocatedStart;
        return completed == 0 || allocatedStart < 0 ? Double.NaN : Math.round(bytes / 1024.0 / completed * 10) / 10.0;
    }

    private static double perRequest(long nanos, long completed) {
        return completed == 0 ? Double.NaN : Math.round(nanos / 1e6 / completed * 1000) / 1000.0;
    }

    private static String part(String threadName) {
        for (Map.Entry<String, String> part : PARTS) {
            if (threadName.contains(part.getKey())) {
                return part.getValue();
            }
        }
        return "other";
    }
}
