import com.sun.tools.attach.VirtualMachine;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The requests a running broker handles per second, by type and version, and the records it appends per second, by
 * topic, over SECONDS (docs/PERFORMANCE.md, ingress, session 16). It attaches to the JVM the broker runs in (the
 * benchmark's own for `bench ingress`, whose broker is in-process; the `BrokerProcess` JVM for `bench pipeline`) and
 * reads Kafka's own counters over JMX. The Kafka clients in that JVM are counted too: produce requests and fetches
 * per second by client id, and each producer's average records per request and batch size.
 *
 * <pre>./llm-router bench ingress --json > run.json &amp;   # then, during its throughput phase:
 * $(ls -d /usr/lib/jvm/temurin-25*)/bin/java docs/tools/BrokerRequests.java $(pgrep -f "bench ingress" | head -1) 10</pre>
 */
public class BrokerRequests {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BrokerRequests PID SECONDS");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        String address = vm.startLocalManagementAgent();
        vm.detach();
        int seconds = Integer.parseInt(args[1]);
        try (var connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection broker = connector.getMBeanServerConnection();
            ObjectName requests = new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*");
            ObjectName records = new ObjectName("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,*");
            Map<String, Long> requestsBefore = counts(broker, broker.queryNames(requests, null), "request", "version");
            Map<String, Long> recordsBefore = counts(broker, broker.queryNames(records, null), "topic");
            Map<String, Long> clientsBefore = clients(broker);
            Thread.sleep(seconds * 1000L);
            print("requests/s", requestsBefore, counts(broker, broker.queryNames(requests, null), "request", "version"), seconds);
            print("records appended/s", recordsBefore, counts(broker, broker.queryNames(records, null), "topic"), seconds);
            print("client requests/s", clientsBefore, clients(broker), seconds);
            for (ObjectName producer : broker.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
                System.out.printf("  %s: %.1f records per request, %.0f bytes per batch%n", producer.getKeyProperty("client-id"),
                        broker.getAttribute(producer, "records-per-request-avg"), broker.getAttribute(producer, "batch-size-avg"));
            }
        }
    }

    private static Map<String, Long> clients(MBeanServerConnection jvm) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (ObjectName producer : jvm.queryNames(new ObjectName("kafka.producer:type=producer-metrics,*"), null)) {
            counts.put("produce requests " + producer.getKeyProperty("client-id"), ((Number) jvm.getAttribute(producer, "request-total")).longValue());
        }
        for (ObjectName consumer : jvm.queryNames(new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,*"), null)) {
            if (consumer.getKeyProperty("topic") == null) {
                counts.put("fetches " + consumer.getKeyProperty("client-id"), ((Number) jvm.getAttribute(consumer, "fetch-total")).longValue());
            }
        }
        return counts;
    }

    private static Map<String, Long> counts(MBeanServerConnection broker, Set<ObjectName> names, String... keys) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (ObjectName name : names) {
            StringBuilder label = new StringBuilder();
            for (String key : keys) {
                label.append(label.isEmpty() ? "" : " v").append(name.getKeyProperty(key) == null ? "all" : name.getKeyProperty(key));
            }
            counts.put(label.toString(), ((Number) broker.getAttribute(name, "Count")).longValue());
        }
        return counts;
    }

    private static void print(String title, Map<String, Long> before, Map<String, Long> after, int seconds) {
        TreeMap<Double, String> rates = new TreeMap<>((a, b) -> Double.compare(b, a));
        after.forEach((label, count) -> {
            long delta = count - before.getOrDefault(label, 0L);
            if (delta > 0) {
                rates.put(delta / (double) seconds + rates.size() * 1e-9, label);
            }
        });
        System.out.println(title + ":");
        rates.forEach((rate, label) -> System.out.printf("  %10.1f  %s%n", rate, label));
    }
}
