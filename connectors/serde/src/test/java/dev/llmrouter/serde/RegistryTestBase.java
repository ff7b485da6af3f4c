package dev.llmrouter.serde;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** Serde config and a client for the real registry, shared by the tests that talk to it. */
@ExtendWith(SchemaRegistryExtension.class)
abstract class RegistryTestBase {

    static Map<String, Object> config;
    static SchemaRegistryClient client;

    @BeforeAll
    static void connect(SchemaRegistryProcess registry) {
        config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        client = SchemaRegistryClient.create(registry.url());
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }
}
