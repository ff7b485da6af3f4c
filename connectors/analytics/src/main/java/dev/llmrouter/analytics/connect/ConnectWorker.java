package dev.llmrouter.analytics.connect;

import java.net.URI;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A Kafka Connect worker running in this JVM, started the way Kafka's own {@code connect-standalone} and
 * {@code connect-distributed} scripts start one (their CLI classes build the plugins, REST server, herder and
 * worker), with its REST API on the configured listener.
 */
public final class ConnectWorker implements AutoCloseable {

    private final Connect<?> connect;
    private final ConnectRestClient rest;

    private ConnectWorker(Connect<?> connect) {
        this.connect = connect;
        this.rest = new ConnectRestClient(connect.rest().serverUrl());
    }

    /** Starts a standalone worker ({@code offset.storage.file.filename} required). */
    public static ConnectWorker standalone(Map<String, String> workerConfig) {
        return new ConnectWorker(new ConnectStandalone().startConnect(workerConfig));
    }

    /** Starts a distributed worker ({@code group.id} and the three storage topics required). */
    public static ConnectWorker distributed(Map<String, String> workerConfig) {
        return new ConnectWorker(new ConnectDistributed().startConnect(workerConfig));
    }

    /** The worker's REST URL. */
    public URI restUrl() {
        return connect.rest().serverUrl();
    }

    /** A client of this worker's REST API. */
    public ConnectRestClient rest() {
        return rest;
    }

    /** Blocks until the worker is stopped, e.g. by a shutdown hook calling {@link #close()}. */
    public void awaitStop() {
        connect.awaitStop();
    }

    /** Stops the connectors' tasks (committing their offsets), the herder and the REST server. */
    @Override
    public void close() {
        connect.stop();
    }
}
