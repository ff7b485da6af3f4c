package dev.llmrouter.support;

import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What a correct budget holds after a run, computed from the cost events themselves. */
public final class Budgets {

    private Budgets() {
    }

    /**
     * Per user, the cost of each {@code (requestId, attempt)} counted once, read from the cost-events topic
     * until no new event came for two seconds: a redelivered call may repeat an event, a budget may not
     * count it twice.
     */
    public static Map<String, Long> chargedOnce(String bootstrapServers, Topics topics) {
        Map<String, CostEvent> distinct = new HashMap<>();
        costEvents(bootstrapServers, topics).forEach(event -> distinct.putIfAbsent(event.getRequestId() + "#" + event.getAttempt(), event));
        return distinct.values().stream().collect(Collectors.groupingBy(CostEvent::getUserId, Collectors.summingLong(CostEvent::getCostMicros)));
    }

    /** Every cost event on the topic, repeats included, read until no new event came for two seconds. */
    public static List<CostEvent> costEvents(String bootstrapServers, Topics topics) {
        return TopicDrain.readAllRaw(bootstrapServers, List.of(Topics.COST_EVENTS), Duration.ofSeconds(2)).stream()
                .map(record -> topics.costEvents().valueSerde().deserializer().deserialize(Topics.COST_EVENTS, record.value()))
                .toList();
    }
}
