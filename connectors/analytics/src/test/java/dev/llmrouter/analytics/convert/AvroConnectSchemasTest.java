package dev.llmrouter.analytics.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.schema.CostEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class AvroConnectSchemasTest {

    private static final Schema EVERYTHING = new Schema.Parser().parse("""
            {"type": "record", "name": "Everything", "namespace": "test", "doc": "all the types", "fields": [
              {"name": "text", "type": "string"},
              {"name": "flag", "type": "boolean", "default": true},
              {"name": "small", "type": "int", "default": 7},
              {"name": "big", "type": "long"},
              {"name": "ratio", "type": "float"},
              {"name": "score", "type": "double"},
              {"name": "blob", "type": "bytes"},
              {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 38, "scale": 6}},
              {"name": "day", "type": {"type": "int", "logicalType": "date"}},
              {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "colour", "type": {"type": "enum", "name": "Colour", "symbols": ["UNKNOWN", "RED", "BLUE"], "default": "UNKNOWN"},
               "default": "UNKNOWN"},
              {"name": "maybe", "type": ["null", "string"], "default": null},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "counts", "type": {"type": "map", "values": "long"}},
              {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [{"name": "id", "type": "int"}]}}
            ]}""");

    private final AvroConnectSchemas schemas = new AvroConnectSchemas();

    @Test
    void shouldMapTheCostEventContractToAStructASinkCanWrite() {
        // given the cost event schema
        Schema avro = CostEvent.getClassSchema();

        // when it is translated
        org.apache.kafka.connect.data.Schema connect = schemas.toConnect(avro);

        // then timestamps are Connect timestamps, enums strings, nullable unions optional, and defaults carried over
        assertThat(connect.name()).isEqualTo("dev.llmrouter.schema.CostEvent");
        assertThat(connect.field("occurredAt").schema().name()).isEqualTo(Timestamp.LOGICAL_NAME);
        assertThat(connect.field("reason").schema().type()).isEqualTo(org.apache.kafka.connect.data.Schema.Type.STRING);
        assertThat(connect.field("reason").schema().parameters())
                .containsEntry(AvroConnectSchemas.ENUM_SYMBOLS, "UNKNOWN,PRIMARY,FALLBACK,ESCALATION,SPECULATIVE,SECOND_OPINION");
        assertThat(connect.field("reason").schema().defaultValue()).isEqualTo("UNKNOWN");
        assertThat(connect.field("sessionId").schema().isOptional()).isTrue();
        assertThat(connect.field("requestId").schema().isOptional()).isFalse();
        assertThat(connect.field("inputTokens").schema().defaultValue()).isEqualTo(0L);
    }

    @Test
    void shouldCarryEveryValueThroughConnectAndBackUnchanged() throws IOException {
        // given a record using every supported type
        GenericData.Record inner = new GenericData.Record(EVERYTHING.getField("inner").schema());
        inner.put("id", 42);
        GenericData.Record record = new GenericData.Record(EVERYTHING);
        record.put("text", "héllo");
        record.put("flag", false);
        record.put("small", 3);
        record.put("big", 1L << 40);
        record.put("ratio", 0.5f);
        record.put("score", 0.25);
        record.put("blob", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        record.put("price", ByteBuffer.wrap(new BigDecimal("12.345678").unscaledValue().toByteArray()));
        record.put("day", 20_000);
        record.put("at", 1_760_000_000_123L);
        record.put("colour", new GenericData.EnumSymbol(EVERYTHING.getField("colour").schema(), "BLUE"));
        record.put("maybe", null);
        record.put("tags", List.of("a", "b"));
        record.put("counts", Map.of("x", 1L));
        record.put("inner", inner);

        // when it goes to Connect and back to Avro
        org.apache.kafka.connect.data.Schema connect = schemas.toConnect(EVERYTHING);
        Struct struct = (Struct) AvroConnectValues.toConnect(EVERYTHING, connect, record);
        struct.validate();
        Schema back = schemas.toAvro(connect);
        Object again = AvroConnectValues.toAvro(back, connect, struct);

        // then Connect sees logical values, and the Avro side is the same schema and record again
        assertThat(struct.get("price")).isEqualTo(new BigDecimal("12.345678"));
        assertThat(connect.field("price").schema().name()).isEqualTo(Decimal.LOGICAL_NAME);
        assertThat(struct.get("at")).isEqualTo(new java.util.Date(1_760_000_000_123L));
        assertThat(struct.get("colour")).isEqualTo("BLUE");
        assertThat(back.getField("colour").schema().getEnumSymbols()).containsExactly("UNKNOWN", "RED", "BLUE");
        assertThat(back.getField("maybe").schema().isNullable()).isTrue();
        assertThat(back.getField("small").defaultVal()).isEqualTo(7);
        assertThat(GenericData.get().validate(back, again)).isTrue();
        assertThat(SchemaNormalization.parsingFingerprint64(back)).isEqualTo(SchemaNormalization.parsingFingerprint64(EVERYTHING));
        assertThat(binary(back, again)).isEqualTo(binary(EVERYTHING, record));
    }

    private static byte[] binary(Schema schema, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void shouldRefuseUnionsThatAreNotJustOptionalValues() {
        // given a field that may be a string or a number
        Schema avro = new Schema.Parser().parse("""
                {"type": "record", "name": "Either", "fields": [{"name": "value", "type": ["string", "long"]}]}""");

        // when translated, then the error names the union
        assertThatThrownBy(() -> schemas.toConnect(avro))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("only a union of null and one other type");
    }
}
