package dev.llmrouter.analytics.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.llmrouter.analytics.db.AnalyticsDatabase;
import dev.llmrouter.embedded.EmbeddedPostgres;
import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.PostgresExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.serde.AvroSerde;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sink across a database outage: its task gives up, is restarted, and nothing published meanwhile is lost. */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class, PostgresExtension.class})
class DatabaseOutageIT {

    private static final String TOPIC = "llm-cost-events";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void shouldDeliverWhatArrivedDuringADatabaseOutageOnceTheDatabaseIsBack(KafkaCluster kafka, SchemaRegistryProcess registry,
            EmbeddedPostgres postgres, @TempDir Path workDir) throws Exception {
        // given the sink running with the failed-task restarter, and a sink that gives up quickly when the database is gone
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
        }
        String databaseUrl = postgres.createDatabase("analytics");
        new AnalyticsDatabase(databaseUrl, postgres.user(), null).prepare(CostEvents.CATALOG, AnalyticsDatabase.DEFAULT_PREMIUM_MODEL);
        CostEventsSinkSettings settings = new CostEventsSinkSettings(kafka.bootstrapServers(), registry.url(), databaseUrl,
                postgres.user(), null, "http://127.0.0.1:0", 1);
        Map<String, String> sink = settings.sink(ConnectProperties.bundled(ConnectProperties.COST_EVENTS_SINK));
        sink.put("flush.max.retries", "1");
        sink.put("flush.retry.delay.ms", "200");
        Map<String, String> workerConfig = settings.worker(ConnectProperties.bundled(ConnectProperties.STANDALONE_WORKER));
        workerConfig.put("offset.storage.file.filename", workDir.resolve("connect.offsets").toString());
        List<CostEvent> before = CostEvents.requests("before-outage", 0, 5);
        List<CostEvent> during = CostEvents.requests("during-outage", 0, 10);

        try (ConnectWorker worker = ConnectWorker.standalone(workerConfig);
             KafkaProducer<String, CostEvent> producer = new KafkaProducer<>(
                     Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(),
                     AvroSerde.specific(CostEvent.class, Map.of("schema.registry.url", registry.url()), false).serializer())) {
            String name = sink.get("name");
            worker.rest().putConnector(sink);
            worker.rest().awaitRunning(name, PATIENCE);
            send(producer, before);
            awaitRows(databaseUrl, postgres, "before-outage-%", before.size());

            // when the database goes away while cost events keep coming, long enough for the task to give up
            postgres.stopServer();
            send(producer, during);
            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                    .until(() -> worker.rest().status(name).tasks().contains("FAILED"));
            try (FailedTaskRestarter restarter = FailedTaskRestarter.start(worker.rest(), name, Duration.ofSeconds(1))) {
                postgres.startServer();

                // then the restarted task writes everything that arrived meanwhile, once
                awaitRows(databaseUrl, postgres, "during-outage-%", during.size());
                assertThat(worker.rest().status(name).running()).isTrue();
            }
        }
    }

    private static void send(KafkaProducer<String, CostEvent> producer, List<CostEvent> events) throws Exception {
        for (CostEvent event : events) {
            producer.send(new ProducerRecord<>(TOPIC, event.getUserId(), event)).get();
        }
    }

    private static void awaitRows(String url, EmbeddedPostgres postgres, String pattern, long expected) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
            try (Connection db = DriverManager.getConnection(url, postgres.user(), null);
                 Statement statement = db.createStatement();
                 ResultSet count = statement.executeQuery("SELECT count(*) FROM cost_events WHERE request_id LIKE '" + pattern + "'")) {
                count.next();
                assertThat(count.getLong(1)).isEqualTo(expected);
            }
        });
    }
}
