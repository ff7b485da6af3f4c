package dev.llmrouter.fault;

import dev.llmrouter.embedded.KafkaCluster;
import dev.llmrouter.embedded.SchemaRegistryProcess;
import dev.llmrouter.embedded.junit.KafkaExtension;
import dev.llmrouter.embedded.junit.SchemaRegistryExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams application under at_least_once, SIGKILLed under load and restarted, as in
 * {@link StreamsAppKilledUnderLoadIT} (a broker of its own: the two share topic and application names). Its offsets are
 * committed only after everything sent before them was written (the offset commit flushes the producer, not each
 * task), so no request is lost, though some may be routed and answered twice.
 */
@ExtendWith({KafkaExtension.class, SchemaRegistryExtension.class})
class AtLeastOnceStreamsAppKilledUnderLoadIT {

    @Test
    void shouldLoseNoRequestWhenTheAtLeastOnceStreamsAppIsKilledUnderLoad(KafkaCluster kafka, SchemaRegistryProcess registry,
                                                                          @TempDir Path dir) throws Exception {
        StreamsAppKilledUnderLoadIT.killUnderLoad(kafka, registry, dir, "at_least_once", topics -> {
        });
    }
}
