package dev.llmrouter.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 255, 256, 65_536, 123_456_789, Integer.MAX_VALUE})
    void shouldReadBackTheSchemaIdItWrote(int schemaId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ConfluentWireFormat.writeHeader(out, schemaId);

        assertThat(ConfluentWireFormat.schemaId(out.toByteArray())).isEqualTo(schemaId);
    }

    @Test
    void shouldWriteMagicByteThenBigEndianSchemaId() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        ConfluentWireFormat.writeHeader(out, 0x01020304);

        assertThat(out.toByteArray()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shouldIgnoreAvroBytesAfterTheHeaderWhenReadingTheId() {
        byte[] payload = {0, 0, 0, 0, 42, 2, 'h', 'i'};

        assertThat(ConfluentWireFormat.schemaId(payload)).isEqualTo(42);
    }

    @Test
    void shouldRejectUnknownMagicByteNamingTheByte() {
        byte[] json = "{\"requestId\":1}".getBytes();

        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(json))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Unknown magic byte 0x7b: not Confluent wire format");
    }

    @Test
    void shouldShowHighMagicBytesAsUnsignedHex() {
        byte[] payload = {(byte) 0xff, 0, 0, 0, 1};

        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(payload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0xff");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void shouldRejectPayloadShorterThanTheHeader(int length) {
        byte[] payload = new byte[length];

        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(payload))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("too short")
                .hasMessageContaining(length + " bytes");
    }
}
