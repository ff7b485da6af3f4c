package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.DeadLetter;
import dev.llmrouter.schema.DeadLetterReason;
import dev.llmrouter.schema.Tier;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/** One test on classes no other test reads: trust is JVM-wide and cannot be withdrawn. */
class TrustedClassesTest {

    @Test
    void shouldTrustExactlyTheReaderClassAndTheNamedTypesItsSchemaReferences() {
        assertThatThrownBy(() -> ClassSecurityValidator.validate(DeadLetterReason.class)).isInstanceOf(SecurityException.class);

        TrustedClasses.trust(DeadLetter.getClassSchema());

        assertThatCode(() -> ClassSecurityValidator.validate(DeadLetter.class)).doesNotThrowAnyException();
        assertThatCode(() -> ClassSecurityValidator.validate(DeadLetterReason.class)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ClassSecurityValidator.validate(Tier.class)).isInstanceOf(SecurityException.class);
    }
}
