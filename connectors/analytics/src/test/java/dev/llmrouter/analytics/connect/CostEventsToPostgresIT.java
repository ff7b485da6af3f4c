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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost-events sink end to end: the real in-process KRaft broker, the real registry, a real PostgreSQL and a
 * real Kafka Connect standalone worker running Debezium's JDBC sink with the shipped configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class, PostgresExtension.class})
class CostEventsToPostgresIT {

    private static final String TOPIC = "llm-cost-events";
    private static final String DLQ = "llm-cost-events-analytics-dlq";
    private static final Duration ARRIVAL = Duration.ofSeconds(30);

    private final KafkaCluster kafka;
    private final SchemaRegistryProcess registry;
    private final EmbeddedPostgres postgres;
    private String databaseUrl;
    private Map<String, String> sink;
    private ConnectWorker worker;
    private KafkaProducer<String, CostEvent> producer;
    private Map<String, String> workerConfig;

    CostEventsToPostgresIT(KafkaCluster kafka, SchemaRegistryProcess registry, EmbeddedPostgres postgres) {
        this.kafka = kafka;
        this.registry = registry;
        this.postgres = postgres;
    }

    @BeforeAll
    void startConnect(@TempDir Path workDir) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        databaseUrl = postgres.createDatabase("analytics");
        new AnalyticsDatabase(databaseUrl, postgres.user(), null)
                .prepare(CostEvents.CATALOG, AnalyticsDatabase.DEFAULT_PREMIUM_MODEL);
        CostEventsSinkSettings settings = new CostEventsSinkSettings(kafka.bootstrapServers(), registry.url(),
                databaseUrl, postgres.user(), null, "http://127.0.0.1:0", 1);
        sink = settings.sink(ConnectProperties.bundled(ConnectProperties.COST_EVENTS_SINK));
        workerConfig = settings.worker(ConnectProperties.bundled(ConnectProperties.STANDALONE_WORKER));
        workerConfig.put("offset.storage.file.filename", workDir.resolve("connect.offsets").toString());
        workerConfig.put("offset.flush.interval.ms", "500");
        worker = startWorker();
        producer = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                AvroSerde.specific(CostEvent.class, Map.of("schema.registry.url", registry.url()), false).serializer());
    }

    private ConnectWorker startWorker() {
        ConnectWorker started = ConnectWorker.standalone(workerConfig);
        started.rest().putConnector(sink);
        started.rest().awaitRunning(sink.get("name"), ARRIVAL);
        return started;
    }

    @AfterAll
    void stopConnect() {
        if (producer != null) {
            producer.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void shouldWriteEveryCostEventOnceThroughRedeliveriesAndRestarts() throws Exception {
        // given cost events of 120 requests, a third of them delivered twice as a retried worker would
        List<CostEvent> first = CostEvents.requests("once", 0, 60);
        List<CostEvent> second = CostEvents.requests("once", 60, 30);
        List<CostEvent> third = CostEvents.requests("once", 90, 30);
        List<CostEvent> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(third);

        // when they are published, with the connector restarted and then the whole worker replaced mid-stream
        send(first);
        send(first.subList(0, 20));
        worker.rest().restart(sink.get("name"));
        send(second);
        worker.rest().awaitRunning(sink.get("name"), ARRIVAL);
        send(second.subList(0, 10));
        awaitRows("once-%", distinctAttempts(first) + distinctAttempts(second));
        worker.close();
        send(third);
        send(first.subList(20, 40));
        worker = startWorker();

        // then each (request, attempt) is one row holding the event's values, none lost and none doubled
        awaitRows("once-%", all.size());
        try (Connection db = connect(); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("""
                     SELECT request_id, attempt, user_id, provider, model, cost_micros, reason, outcome, occurred_at,
                            session_id, input_tokens, output_tokens
                     FROM cost_events WHERE request_id LIKE 'once-%'""")) {
            Map<String, CostEvent> expected = new HashMap<>();
            all.forEach(event -> expected.put(event.getRequestId() + "#" + event.getAttempt(), event));
            int seen = 0;
            while (rows.next()) {
                CostEvent event = expected.get(rows.getString("request_id") + "#" + rows.getInt("attempt"));
                assertThat(event).as("row %s#%s", rows.getString("request_id"), rows.getInt("attempt")).isNotNull();
                assertThat(rows.getString("user_id")).isEqualTo(event.getUserId());
                assertThat(rows.getString("provider") + "/" + rows.getString("model"))
                        .isEqualTo(event.getProvider() + "/" + event.getModel());
                assertThat(rows.getLong("cost_micros")).isEqualTo(event.getCostMicros());
                assertThat(rows.getString("reason")).isEqualTo(event.getReason().name());
                assertThat(rows.getString("outcome")).isEqualTo(event.getOutcome().name());
                assertThat(rows.getTimestamp("occurred_at").toInstant()).isEqualTo(event.getOccurredAt());
                assertThat(rows.getString("session_id")).isEqualTo(event.getSessionId());
                assertThat(rows.getLong("input_tokens")).isEqualTo(event.getInputTokens());
                assertThat(rows.getLong("output_tokens")).isEqualTo(event.getOutputTokens());
                seen++;
            }
            assertThat(seen).isEqualTo(all.size());
        }
    }

    @Test
    void shouldSendUnreadableRecordsToTheDeadLetterTopicAndKeepGoing() throws Exception {
        // given a record that is not Avro in the Confluent wire format, followed by a valid cost event
        byte[] garbage = "{\"requestId\": \"json-is-not-avro\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerConfig(), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(TOPIC, "user-9".getBytes(StandardCharsets.UTF_8), garbage)).get();
        }
        List<CostEvent> after = CostEvents.requests("after-garbage", 0, 4);

        // when the valid events follow
        send(after);

        // then the valid events arrive and the bad record sits in the dead-letter topic with its bytes and reason
        awaitRows("after-garbage-%", after.size());
        ConsumerRecord<byte[], byte[]> dead = firstRecord(DLQ);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(new String(dead.headers().lastHeader("__connect.errors.exception.message").value(), StandardCharsets.UTF_8))
                .contains("Cannot convert");
        assertThat(worker.rest().status(sink.get("name")).running()).isTrue();
    }

    @Test
    void shouldAnswerEveryQueryOfTheAnalyticsGuide() throws Exception {
        // given the cost events of a few days of requests
        List<CostEvent> events = CostEvents.requests("guide", 0, 48);
        send(events);
        awaitRows("guide-%", events.size());

        // when each query of docs/ANALYTICS.md runs
        List<AnalyticsQueries.Query> queries = AnalyticsQueries.load(AnalyticsQueries.repositoryFile());
        Map<String, List<Map<String, Object>>> answers = new HashMap<>();
        try (Connection db = connect()) {
            for (AnalyticsQueries.Query query : queries) {
                answers.put(query.name(), query.run(db));
            }
        }

        // then every query answers, and the figures agree with each other
        assertThat(queries).extracting(AnalyticsQueries.Query::name).contains("spend_per_user", "spend_per_model",
                "spend_per_day", "savings_vs_always_premium", "escalation_and_fallback_rates");
        answers.forEach((name, rows) -> assertThat(rows).as(name).isNotEmpty());
        long total = scalar("SELECT sum(cost_micros) FROM cost_events");
        assertThat(sumOf(answers.get("spend_per_user"), "spend_usd")).isEqualByComparingTo(usd(total));
        assertThat(sumOf(answers.get("spend_per_model"), "spend_usd")).isEqualByComparingTo(usd(total));
        assertThat(sumOf(answers.get("spend_per_day"), "spend_usd")).isEqualByComparingTo(usd(total));
        Map<String, Object> overall = answers.get("savings_vs_always_premium").stream()
                .filter(row -> row.get("day") == null).findFirst().orElseThrow();
        assertThat((BigDecimal) overall.get("always_premium_usd"))
                .isGreaterThan((BigDecimal) overall.get("actual_usd"));
        Map<String, Object> rates = answers.get("escalation_and_fallback_rates").stream()
                .filter(row -> row.get("day") == null).findFirst().orElseThrow();
        assertThat(((Number) rates.get("fallback_pct")).doubleValue()).isBetween(1.0, 99.0);
        assertThat(((Number) rates.get("escalation_pct")).doubleValue()).isBetween(1.0, 99.0);
    }

    @Test
    void shouldAnswerEveryPostgresPanelOfTheGrafanaDashboard() throws Exception {
        // given cost events in the table
        List<CostEvent> events = CostEvents.requests("dashboard", 0, 12);
        send(events);
        awaitRows("dashboard-%", events.size());

        // when each PostgreSQL query of the provisioned dashboard runs, its time filter expanded as Grafana does
        List<AnalyticsQueries.Query> panels = AnalyticsQueries.dashboard(AnalyticsQueries.repositoryFile(AnalyticsQueries.DASHBOARD));

        // then every panel gets rows
        assertThat(panels).extracting(AnalyticsQueries.Query::name).contains("Spend per day", "Savings against always-premium");
        try (Connection db = connect()) {
            for (AnalyticsQueries.Query panel : panels) {
                assertThat(panel.run(db)).as(panel.name()).isNotEmpty();
            }
        }
    }

    @Test
    void shouldRunTheSinkOnADistributedWorkerWithTheShippedConfiguration() throws Exception {
        // given a distributed worker (as in docker-compose.yml) running the sink on a topic of its own
        String topic = "llm-cost-events-distributed";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        CostEventsSinkSettings settings = new CostEventsSinkSettings(kafka.bootstrapServers(), registry.url(),
                databaseUrl, postgres.user(), null, "http://127.0.0.1:0", 1);
        Map<String, String> distributedSink = new HashMap<>(sink);
        distributedSink.put("name", "llm-cost-events-postgres-distributed");
        distributedSink.put("topics", topic);
        List<CostEvent> events = CostEvents.requests("distributed", 0, 10);

        try (ConnectWorker distributed = ConnectWorker.distributed(
                settings.worker(ConnectProperties.bundled(ConnectProperties.DISTRIBUTED_WORKER)))) {
            distributed.rest().putConnector(distributedSink);
            distributed.rest().awaitRunning(distributedSink.get("name"), ARRIVAL);

            // when cost events are published to its topic
            for (CostEvent event : events) {
                producer.send(new ProducerRecord<>(topic, event.getUserId(), event)).get();
            }

            // then they arrive in the same table
            awaitRows("distributed-%", events.size());
        }
    }

    private void send(List<CostEvent> events) throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (CostEvent event : events) {
            sent.add(producer.send(new ProducerRecord<>(TOPIC, event.getUserId(), event)));
        }
        for (Future<?> future : sent) {
            future.get();
        }
    }

    private void awaitRows(String requestIdPattern, long expected) {
        await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(scalar("SELECT count(*) FROM cost_events WHERE request_id LIKE '" + requestIdPattern + "'"))
                        .isEqualTo(expected));
    }

    private static long distinctAttempts(List<CostEvent> events) {
        return events.stream().map(event -> event.getRequestId() + "#" + event.getAttempt()).distinct().count();
    }

    private long scalar(String sql) throws SQLException {
        try (Connection db = connect(); Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static BigDecimal sumOf(List<Map<String, Object>> rows, String column) {
        return rows.stream().map(row -> (BigDecimal) row.get(column))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal usd(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl, postgres.user(), null);
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return config;
    }

    private ConsumerRecord<byte[], byte[]> firstRecord(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + ARRIVAL.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    return record;
                }
            }
        }
        throw new AssertionError("Nothing arrived on " + topic + " within " + ARRIVAL);
    }
}
