package dev.llmrouter.analytics.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.schema.CostEvent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CostEventsSinkSettingsTest {

    private static final String SET_VARIABLE = "PATH";
    private static final String UNSET_VARIABLE = "LLM_ROUTER_TEST_SURELY_UNSET_PASSWORD";

    private static CostEventsSinkSettings settings(String passwordEnv, Integer replicationFactor) {
        return new CostEventsSinkSettings("kafka:9092", "http://registry:8080/apis/ccompat/v7",
                "jdbc:postgresql://db:5432/analytics", "llmrouter", passwordEnv, "http://:8083", replicationFactor);
    }

    @Test
    void shouldReferToThePasswordVariableAndNeverCopyItsValue() {
        // given the shipped connector file and a password in the environment
        Map<String, String> shipped = ConnectProperties.bundled(ConnectProperties.COST_EVENTS_SINK);

        // when the deployment's settings are applied
        Map<String, String> sink = settings(SET_VARIABLE, null).sink(shipped);

        // then the connector names the variable, which the worker's env config provider resolves
        assertThat(sink).containsEntry("connection.password", "${env:" + SET_VARIABLE + "}")
                .containsEntry("connection.url", "jdbc:postgresql://db:5432/analytics")
                .containsEntry("connection.username", "llmrouter")
                .containsEntry("value.converter.schema.registry.url", "http://registry:8080/apis/ccompat/v7")
                .containsEntry("insert.mode", "upsert")
                .containsEntry("primary.key.fields", "request_id,attempt");
        assertThat(sink.get("transforms.columns.renames")).contains("requestId:request_id", "occurredAt:occurred_at");
    }

    @Test
    void shouldConnectWithoutAPasswordWhenTheVariableIsUnset() {
        // given no password in the environment (e.g. trust authentication)
        Map<String, String> shipped = ConnectProperties.bundled(ConnectProperties.COST_EVENTS_SINK);

        // when applied, then the connector carries no password setting at all
        assertThat(settings(UNSET_VARIABLE, null).sink(shipped)).doesNotContainKey("connection.password");
    }

    @Test
    void shouldApplyTheReplicationFactorToEveryTopicConnectCreates() {
        // given a replication factor for a three-broker cluster
        CostEventsSinkSettings settings = settings(null, 3);

        // when applied to the distributed and standalone worker files and the connector
        Map<String, String> distributed = settings.worker(ConnectProperties.bundled(ConnectProperties.DISTRIBUTED_WORKER));
        Map<String, String> standalone = settings.worker(ConnectProperties.bundled(ConnectProperties.STANDALONE_WORKER));
        Map<String, String> sink = settings.sink(ConnectProperties.bundled(ConnectProperties.COST_EVENTS_SINK));

        // then the distributed worker's topics and the dead-letter topic get it; standalone has no such topics
        assertThat(distributed).containsEntry("config.storage.replication.factor", "3")
                .containsEntry("offset.storage.replication.factor", "3")
                .containsEntry("status.storage.replication.factor", "3")
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("listeners", "http://:8083");
        assertThat(standalone).doesNotContainKey("config.storage.replication.factor");
        assertThat(sink).containsEntry("errors.deadletterqueue.topic.replication.factor", "3");
    }

    @Test
    void shouldGiveEveryCostEventFieldAColumnSoTheSinkNeverMeetsAnUnknownField() throws IOException {
        // given the shipped renames and every migration the runner applies
        Map<String, String> renames = Arrays.stream(ConnectProperties.bundled(ConnectProperties.COST_EVENTS_SINK)
                        .get("transforms.columns.renames").split(","))
                .map(pair -> pair.trim().split(":"))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
        String migrations = migration("V1__cost_events.sql") + migration("V2__cost_events_cache_key.sql");

        // then each field of the current schema is renamed when camelCase, and its column exists
        for (Schema.Field field : CostEvent.getClassSchema().getFields()) {
            String column = renames.getOrDefault(field.name(), field.name());
            assertThat(column).as(field.name() + " needs a snake_case rename").matches("[a-z_]+");
            assertThat(migrations).as("a migration must create column " + column).containsPattern("(?m)^\\s*(ALTER TABLE cost_events ADD COLUMN )?" + column + "\\s");
        }
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = CostEventsSinkSettingsTest.class.getResourceAsStream("/db/migration/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
