package dev.llmrouter.analytics.convert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates values between Avro's generic representation and Kafka Connect's, following the schema mapping
 * of {@link AvroConnectSchemas}: each method takes the Avro schema and the matching Connect schema.
 */
final class AvroConnectValues {

    private static final long MILLIS_PER_DAY = TimeUnit.DAYS.toMillis(1);

    private AvroConnectValues() {
    }

    /** The Connect value of {@code value}, an Avro generic value written with {@code avro}. */
    static Object toConnect(Schema avro, org.apache.kafka.connect.data.Schema connect, Object value) {
        if (value == null) {
            return null;
        }
        if (avro.getType() == Schema.Type.UNION) {
            Schema branch = avro.getTypes().get(GenericData.get().resolveUnion(avro, value));
            return toConnect(branch, connect, value);
        }
        return switch (avro.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) value;
                Struct struct = new Struct(connect);
                for (Schema.Field field : avro.getFields()) {
                    Field target = connect.field(field.name());
                    struct.put(target, toConnect(field.schema(), target.schema(), record.get(field.pos())));
                }
                yield struct;
            }
            case ENUM, STRING -> value.toString();
            case INT -> avro.getLogicalType() instanceof LogicalTypes.Date ? new java.util.Date(((Integer) value) * MILLIS_PER_DAY)
                    : avro.getLogicalType() instanceof LogicalTypes.TimeMillis ? new java.util.Date((Integer) value)
                    : value;
            case LONG -> avro.getLogicalType() instanceof LogicalTypes.TimestampMillis ? new java.util.Date((Long) value) : value;
            case BYTES, FIXED -> {
                byte[] bytes = value instanceof GenericFixed fixed ? fixed.bytes() : bytes((ByteBuffer) value);
                yield avro.getLogicalType() instanceof LogicalTypes.Decimal decimal
                        ? new BigDecimal(new BigInteger(bytes), decimal.getScale()) : bytes;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (Collection<?>) value) {
                    list.add(toConnect(avro.getElementType(), connect.valueSchema(), element));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, element) ->
                        map.put(key.toString(), toConnect(avro.getValueType(), connect.valueSchema(), element)));
                yield map;
            }
            case BOOLEAN, FLOAT, DOUBLE -> value;
            case NULL, UNION -> throw new DataException("Unexpected Avro value of type " + avro.getType());
        };
    }

    /** The Avro generic value of {@code value}, a Connect value of {@code connect}, to be written with {@code avro}. */
    static Object toAvro(Schema avro, org.apache.kafka.connect.data.Schema connect, Object value) {
        if (value == null) {
            if (!connect.isOptional()) {
                throw new DataException("Null value for the required " + describe(connect));
            }
            return null;
        }
        if (avro.getType() == Schema.Type.UNION) {
            Schema branch = avro.getTypes().stream().filter(type -> type.getType() != Schema.Type.NULL).findFirst().orElseThrow();
            return toAvro(branch, connect, value);
        }
        return switch (avro.getType()) {
            case RECORD -> {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(avro);
                for (Field field : connect.fields()) {
                    Schema.Field target = avro.getField(field.name());
                    record.put(target.pos(), toAvro(target.schema(), field.schema(), struct.get(field)));
                }
                yield record;
            }
            case ENUM -> new GenericData.EnumSymbol(avro, value.toString());
            case INT -> connect.name() == null ? ((Number) value).intValue()
                    : Date.LOGICAL_NAME.equals(connect.name()) ? Date.fromLogical(connect, (java.util.Date) value)
                    : Time.fromLogical(connect, (java.util.Date) value);
            case LONG -> Timestamp.LOGICAL_NAME.equals(connect.name())
                    ? Timestamp.fromLogical(connect, (java.util.Date) value) : ((Number) value).longValue();
            case BYTES -> Decimal.LOGICAL_NAME.equals(connect.name())
                    ? ByteBuffer.wrap(Decimal.fromLogical(connect, (BigDecimal) value))
                    : value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (Object element : (Collection<?>) value) {
                    list.add(toAvro(avro.getElementType(), connect.valueSchema(), element));
                }
                yield list;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((Map<?, ?>) value).forEach((key, element) ->
                        map.put(key.toString(), toAvro(avro.getValueType(), connect.valueSchema(), element)));
                yield map;
            }
            case STRING, BOOLEAN, FLOAT, DOUBLE -> value;
            case FIXED, NULL, UNION -> throw new DataException("Unexpected Avro type " + avro.getType() + " for " + describe(connect));
        };
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static String describe(org.apache.kafka.connect.data.Schema schema) {
        return schema.name() != null ? schema.name() : schema.type().toString();
    }
}
