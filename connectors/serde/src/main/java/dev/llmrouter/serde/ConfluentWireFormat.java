package dev.llmrouter.serde;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic byte 0, bytes 1-4 the schema id (big-endian), then the
 * Avro binary encoding of the record with that schema.
 */
public final class ConfluentWireFormat {

    /** The only magic byte the format defines. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id: where the Avro payload starts. */
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /**
     * Reads the schema id of a framed payload.
     *
     * @throws SerializationException if the payload is shorter than the header or does not start with the magic byte
     */
    public static int schemaId(byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("Payload too short for Confluent wire format: " + payload.length
                    + " bytes, need at least " + HEADER_SIZE + " (magic byte and 4-byte schema id)");
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x: not Confluent wire format (expected 0x00 followed by a 4-byte schema id)",
                    payload[0] & 0xff));
        }
        return (payload[1] & 0xff) << 24 | (payload[2] & 0xff) << 16 | (payload[3] & 0xff) << 8 | payload[4] & 0xff;
    }

    /** Writes the magic byte and {@code schemaId}; the Avro encoding goes after it. */
    public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }
}
