package dev.llmrouter.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The meter registry of a pipeline instance. */
public final class Registries {

    private Registries() {
    }

    /**
     * A new Prometheus registry for one instance. Kafka Streams tags the RocksDB metrics of key-value
     * stores {@code rocksdb.state.id} and those of window stores {@code rocksdb.window.state.id} under the
     * same metric names; Prometheus needs one set of tag keys per name, so both become {@code rocksdb.state.id}
     * (the store names keep them apart) instead of the window stores' metrics being dropped.
     */
    public static PrometheusMeterRegistry prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config()
                .meterFilter(MeterFilter.renameTag("kafka.stream.state", "rocksdb.window.state.id", "rocksdb.state.id"))
                .meterFilter(MeterFilter.renameTag("kafka.stream.state", "rocksdb.session.state.id", "rocksdb.state.id"));
        return registry;
    }
}
