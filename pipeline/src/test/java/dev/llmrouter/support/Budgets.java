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
        TopicDrain.readAllRaw(bootstrapServers, List.of(Topics.COST_EVENTS), Duration.ofSeconds(2)).forEach(record -> {
            CostEvent event = topics.costEvents().valueSerde().deserializer().deserialize(Topics.COST_EVENTS, record.value());
            distinct.putIfAbsent(event.getRequestId() + "#" + event.getAttempt(), event);
        });
        return distinct.values().stream().collect(Collectors.groupingBy(CostEvent::getUserId, Collectors.summingLong(CostEvent::getCostMicros)));
    }
}
