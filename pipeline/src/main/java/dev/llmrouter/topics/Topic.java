package dev.llmrouter.topics;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic of the pipeline with the serdes of its keys and values and how it is created.
 *
 * @param name       kebab-case topic name
 * @param keySerde   serde of the record keys
 * @param valueSerde serde of the record values
 * @param partitions partition count; topics joined by user id share it
 * @param configs    topic-level configs applied at creation (cleanup policy, retention)
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, Map<String, String> configs) {
}
