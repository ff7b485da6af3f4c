package dev.llmrouter.analytics.cli;

import dev.llmrouter.analytics.connect.ConnectProperties;
import dev.llmrouter.analytics.connect.ConnectWorker;
import dev.llmrouter.analytics.connect.CostEventsSinkSettings;
import dev.llmrouter.analytics.connect.FailedTaskRestarter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code llm-router connect}: prepares the analytics database, starts a Kafka Connect worker and runs the
 * cost-events sink on it until stopped.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, version = "llm-router 0.1.0", subcommands = MigrateCommand.class,
        description = {"Runs Kafka Connect with the JDBC sink that writes llm-cost-events into PostgreSQL.",
                "Migrates the database first (tables, price catalog). See docs/ANALYTICS.md."})
public final class ConnectCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE})",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", description = "Confluent-compatible registry URL (default: $SCHEMA_REGISTRY_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://localhost:8081/apis/ccompat/v7}")
    String schemaRegistryUrl;

    @Option(names = "--distributed", description = "Join a distributed Connect cluster instead of running standalone.")
    boolean distributed;

    @Option(names = "--rest-listener", description = "The worker's REST listener (default: ${DEFAULT-VALUE}).",
            defaultValue = "http://127.0.0.1:8083")
    String restListener;

    @Option(names = "--replication-factor", description = "Replication factor of the topics Connect creates (default: the files' values).")
    Integer replicationFactor;

    @Option(names = "--worker-config", description = "Worker properties (default: the bundled config/connect/worker-*.properties).")
    Path workerConfig;

    @Option(names = "--connector-config", description = "Sink connector properties (default: the bundled config/connect/cost-events-postgres.properties).")
    Path connectorConfig;

    @Option(names = "--restart-failed-every", paramLabel = "SECONDS", defaultValue = "30",
            description = "Restart failed sink tasks this often, e.g. after a database outage (0: never; default: ${DEFAULT-VALUE}).")
    long restartFailedSeconds;

    @Option(names = "--no-migrate", description = "Do not migrate the database or load prices (a separate `connect migrate` does).")
    boolean noMigrate;

    @Override
    public Integer call() {
        if (!noMigrate) {
            database.prepare();
        }
        CostEventsSinkSettings settings = new CostEventsSinkSettings(bootstrapServers, schemaRegistryUrl, database.url,
                database.user, database.passwordEnv, restListener, replicationFactor);
        Map<String, String> worker = settings.worker(workerConfig != null ? ConnectProperties.file(workerConfig)
                : ConnectProperties.bundled(distributed ? ConnectProperties.DISTRIBUTED_WORKER : ConnectProperties.STANDALONE_WORKER));
        Map<String, String> sink = settings.sink(connectorConfig != null ? ConnectProperties.file(connectorConfig)
                : ConnectProperties.bundled(ConnectProperties.COST_EVENTS_SINK));
        // Connect registers its own shutdown hook: Ctrl-C or SIGTERM stops the tasks and commits their offsets.
        ConnectWorker connect = distributed ? ConnectWorker.distributed(worker) : ConnectWorker.standalone(worker);
        connect.rest().putConnector(sink);
        connect.rest().awaitRunning(sink.get("name"), Duration.ofSeconds(120));
        if (restartFailedSeconds > 0) {
            FailedTaskRestarter.start(connect.rest(), sink.get("name"), Duration.ofSeconds(restartFailedSeconds));
        }
        System.err.printf("[connect] %s running: %s -> %s table cost_events; REST API %s%n", sink.get("name"),
                sink.get("topics"), database.url, connect.restUrl());
        connect.awaitStop();
        return 0;
    }
}
