package dev.llmrouter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class RegistriesTest {

    @Test
    void shouldKeepRocksDbMetricsOfWindowStoresBesideThoseOfKeyValueStores() {
        PrometheusMeterRegistry registry = Registries.prometheus();

        Gauge.builder("kafka.stream.state.memtable.flush.time.avg", () -> 1.0).tag("rocksdb.state.id", "budget-store").register(registry);
        Gauge.builder("kafka.stream.state.memtable.flush.time.avg", () -> 2.0).tag("rocksdb.window.state.id", "spend-user-daily")
                .register(registry);

        assertThat(registry.scrape()).contains("rocksdb_state_id=\"budget-store\"", "rocksdb_state_id=\"spend-user-daily\"");
    }
}
