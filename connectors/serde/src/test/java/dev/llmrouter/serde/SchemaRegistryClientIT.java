package dev.llmrouter.serde;

import static dev.llmrouter.serde.TestRecords.costEventWith;
import static dev.llmrouter.serde.TestRecords.optionalString;
import static dev.llmrouter.serde.TestRecords.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import dev.llmrouter.schema.CostEvent;
import dev.llmrouter.schema.PromptRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryClientIT {

    private static final Schema COST_EVENT = CostEvent.getClassSchema();

    private static String url;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void connect(SchemaRegistryProcess registry) {
        url = registry.url();
        client = SchemaRegistryClient.create(url);
        // Apicurio's in-memory store can answer the first write of its life with a 500 (H2 lock timeout) when
        // writes race; the racing-registration test is about the 409s of a running registry, not about that.
        client.register(uniqueTopic("warm-up") + "-value", COST_EVENT);
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void shouldReturnSameIdWhenSameSchemaIsRegisteredAgain() {
        String subject = uniqueTopic("same-id") + "-value";
        int first = client.register(subject, COST_EVENT);

        int second;
        try (SchemaRegistryClient uncached = SchemaRegistryClient.create(url)) {
            second = uncached.register(subject, COST_EVENT);
        }

        assertThat(second).isEqualTo(first);
    }

    @Test
    void shouldReturnOneIdWhenSeveralClientsRegisterTheSameNewSubjectAtOnce() throws Exception {
        String subject = uniqueTopic("racing") + "-value";
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> ids = new ArrayList<>();

        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                ids.add(pool.submit(() -> {
                    try (SchemaRegistryClient own = SchemaRegistryClient.create(url)) {
                        start.await();
                        return own.register(subject, COST_EVENT);
                    }
                }));
            }
            start.countDown();
        }

        int expected = client.lookup(subject, COST_EVENT);
        for (Future<Integer> id : ids) {
            assertThat(id.get()).isEqualTo(expected);
        }
    }

    @Test
    void shouldFetchTheRegisteredSchemaById() {
        int id = client.register(uniqueTopic("by-id") + "-value", PromptRequest.getClassSchema());

        Schema fetched;
        try (SchemaRegistryClient uncached = SchemaRegistryClient.create(url)) {
            fetched = uncached.getById(id);
        }

        assertThat(fetched).isEqualTo(PromptRequest.getClassSchema());
    }

    @Test
    void shouldReturnTheLatestVersionOfASubject() {
        String subject = uniqueTopic("latest") + "-value";
        client.register(subject, COST_EVENT);
        Schema v2 = costEventWith(optionalString("region"), COST_EVENT.getFields().size());
        int v2Id = client.register(subject, v2);

        SchemaRegistryClient.RegisteredSchema latest = client.getLatest(subject);

        assertThat(latest.subject()).isEqualTo(subject);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(v2Id);
        assertThat(latest.schema().getField("region")).isNotNull();
    }

    @Test
    void shouldLookUpTheIdOfARegisteredSchema() {
        String subject = uniqueTopic("lookup") + "-value";
        int id = client.register(subject, COST_EVENT);

        try (SchemaRegistryClient uncached = SchemaRegistryClient.create(url)) {
            assertThat(uncached.lookup(subject, COST_EVENT)).isEqualTo(id);
        }
    }

    @Test
    void shouldFailLookupWith404WhenSubjectDoesNotExist() {
        String subject = uniqueTopic("no-subject") + "-value";

        assertThatThrownBy(() -> client.lookup(subject, COST_EVENT))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.url()).isEqualTo(url + "/subjects/" + subject);
                });
    }

    @Test
    void shouldFailWith404And40403WhenSchemaIdIsUnknown() {
        assertThatThrownBy(() -> client.getById(987_654_321))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.url()).endsWith("/schemas/ids/987654321");
                    assertThat(e).hasMessageContaining("GET " + url + "/schemas/ids/987654321 failed: HTTP 404, error_code 40403");
                });
    }

    @Test
    void shouldRejectIncompatibleSchemaWith409UnderBackwardCompatibility() {
        String subject = uniqueTopic("backward") + "-value";
        client.register(subject, COST_EVENT);
        client.updateCompatibility(subject, "BACKWARD");
        Schema withRequiredField = costEventWith(new Schema.Field("region", Schema.create(Schema.Type.STRING)), 3);

        assertThat(client.isCompatible(subject, withRequiredField)).isFalse();
        assertThatThrownBy(() -> client.register(subject, withRequiredField))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e).hasMessageContaining("HTTP 409");
                });
    }

    @Test
    void shouldAcceptNewOptionalFieldUnderBackwardCompatibility() {
        String subject = uniqueTopic("backward-ok") + "-value";
        client.register(subject, COST_EVENT);
        client.updateCompatibility(subject, "BACKWARD");
        Schema withOptionalField = costEventWith(optionalString("region"), 3);

        assertThat(client.isCompatible(subject, withOptionalField)).isTrue();
        int id = client.register(subject, withOptionalField);
        assertThat(client.getLatest(subject).id()).isEqualTo(id);
    }

    @Test
    void shouldAcceptBaseUrlWithTrailingSlash() {
        try (SchemaRegistryClient slashed = SchemaRegistryClient.create(url + "/")) {
            int id = slashed.register(uniqueTopic("slash") + "-value", COST_EVENT);

            assertThat(client.getById(id)).isEqualTo(COST_EVENT);
        }
    }

    @Test
    void shouldEncodeSubjectNamesInTheUrlPath() {
        String subject = uniqueTopic("needs encoding") + "-value";
        int id = client.register(subject, COST_EVENT);

        assertThat(client.getLatest(subject).id()).isEqualTo(id);
    }

    @Test
    void shouldFailOverToTheNextUrlWhenTheFirstDoesNotAnswer() {
        try (SchemaRegistryClient failover = SchemaRegistryClient.create(ClosedPort.url() + "," + url)) {
            int id = failover.register(uniqueTopic("failover") + "-value", COST_EVENT);

            assertThat(client.getById(id)).isEqualTo(COST_EVENT);
        }
    }
}
