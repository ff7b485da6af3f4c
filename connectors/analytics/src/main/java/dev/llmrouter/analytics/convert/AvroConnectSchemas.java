package dev.llmrouter.analytics.convert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates schemas between Avro and Kafka Connect, both ways, the way sink connectors expect them:
 *
 * <ul>
 *   <li>records become structs named by the record's full name; fields keep their names, order and defaults;</li>
 *   <li>{@code timestamp-millis}, {@code date}, {@code time-millis} and {@code decimal} become Connect's
 *       {@link Timestamp}, {@link Date}, {@link Time} and {@link Decimal}; other logical types keep their
 *       underlying type ({@code timestamp-micros} stays a plain 64-bit number, losslessly);</li>
 *   <li>enums become strings; the symbols travel as schema parameters so the way back restores the enum;</li>
 *   <li>a union of {@code null} and one type becomes that type, optional; other unions are refused, since
 *       neither a JDBC column nor most sinks can hold them.</li>
 * </ul>
 *
 * Translations are cached: a converter sees the same few schemas millions of times.
 */
public final class AvroConnectSchemas {

    /** Connect schema parameter holding an Avro enum's symbols, comma-separated. */
    public static final String ENUM_SYMBOLS = "dev.llmrouter.avro.enum.symbols";
    /** Connect schema parameter holding an Avro enum's default symbol, when it has one. */
    public static final String ENUM_DEFAULT = "dev.llmrouter.avro.enum.default";
    /** Connect schema parameter holding an Avro record's or enum's doc string. */
    public static final String DOC = "dev.llmrouter.avro.doc";
    private static final String UNNAMED_NAMESPACE = "dev.llmrouter.connect";

    private final Map<Schema, org.apache.kafka.connect.data.Schema> toConnect = new ConcurrentHashMap<>();
    private final Map<org.apache.kafka.connect.data.Schema, Schema> toAvro = new ConcurrentHashMap<>();

    /** The Connect schema for values written with {@code avro}. */
    public org.apache.kafka.connect.data.Schema toConnect(Schema avro) {
        return toConnect.computeIfAbsent(avro, schema -> connect(schema, false, null).build());
    }

    /** The Avro schema Connect values of {@code connect} are written with; the top level must be a struct. */
    public Schema toAvro(org.apache.kafka.connect.data.Schema connect) {
        return toAvro.computeIfAbsent(connect, schema -> avro(schema, new int[] {0}));
    }

    private org.apache.kafka.connect.data.SchemaBuilder connect(Schema avro, boolean optional, Object avroDefault) {
        if (avro.getType() == Schema.Type.UNION) {
            return connect(nonNullBranch(avro), true, avroDefault);
        }
        org.apache.kafka.connect.data.SchemaBuilder builder = switch (avro.getType()) {
            case RECORD -> struct(avro);
            case ENUM -> enumAsString(avro);
            case STRING -> org.apache.kafka.connect.data.SchemaBuilder.string();
            case BOOLEAN -> org.apache.kafka.connect.data.SchemaBuilder.bool();
            case FLOAT -> org.apache.kafka.connect.data.SchemaBuilder.float32();
            case DOUBLE -> org.apache.kafka.connect.data.SchemaBuilder.float64();
            case INT -> intLike(avro.getLogicalType());
            case LONG -> avro.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? Timestamp.builder() : org.apache.kafka.connect.data.SchemaBuilder.int64();
            case BYTES, FIXED -> avro.getLogicalType() instanceof LogicalTypes.Decimal decimal
                    ? Decimal.builder(decimal.getScale()) : org.apache.kafka.connect.data.SchemaBuilder.bytes();
            case ARRAY -> org.apache.kafka.connect.data.SchemaBuilder.array(connect(avro.getElementType(), false, null).build());
            case MAP -> org.apache.kafka.connect.data.SchemaBuilder.map(org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
                    connect(avro.getValueType(), false, null).build());
            case NULL -> throw new DataException("A field of type null alone cannot be represented in Kafka Connect");
            case UNION -> throw new IllegalStateException("handled above");
        };
        if (optional) {
            builder.optional();
        }
        Object connectDefault = defaultValue(builder, avroDefault);
        if (connectDefault != null) {
            builder.defaultValue(connectDefault);
        }
        return builder;
    }

    private org.apache.kafka.connect.data.SchemaBuilder struct(Schema record) {
        org.apache.kafka.connect.data.SchemaBuilder struct = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .name(record.getFullName());
        if (record.getDoc() != null) {
            struct.parameter(DOC, record.getDoc());
        }
        for (Schema.Field field : record.getFields()) {
            Object avroDefault = field.hasDefaultValue() ? field.defaultVal() : null;
            struct.field(field.name(), connect(field.schema(), false, avroDefault).build());
        }
        return struct;
    }

    private static org.apache.kafka.connect.data.SchemaBuilder enumAsString(Schema avroEnum) {
        org.apache.kafka.connect.data.SchemaBuilder string = org.apache.kafka.connect.data.SchemaBuilder.string()
                .name(avroEnum.getFullName())
                .parameter(ENUM_SYMBOLS, String.join(",", avroEnum.getEnumSymbols()));
        if (avroEnum.getEnumDefault() != null) {
            string.parameter(ENUM_DEFAULT, avroEnum.getEnumDefault());
        }
        if (avroEnum.getDoc() != null) {
            string.parameter(DOC, avroEnum.getDoc());
        }
        return string;
    }

    private static org.apache.kafka.connect.data.SchemaBuilder intLike(LogicalType logical) {
        if (logical instanceof LogicalTypes.Date) {
            return Date.builder();
        }
        if (logical instanceof LogicalTypes.TimeMillis) {
            return Time.builder();
        }
        return org.apache.kafka.connect.data.SchemaBuilder.int32();
    }

    /** Only scalar defaults are carried over: they are what a sink turns into column defaults. */
    private static Object defaultValue(org.apache.kafka.connect.data.SchemaBuilder builder, Object avroDefault) {
        boolean logicalType = builder.name() != null && builder.type() != org.apache.kafka.connect.data.Schema.Type.STRING;
        if (avroDefault == null || avroDefault == JsonProperties.NULL_VALUE || logicalType) {
            return null;
        }
        return switch (builder.type()) {
            case STRING -> avroDefault.toString();
            case BOOLEAN -> avroDefault instanceof Boolean b ? b : null;
            case INT32 -> avroDefault instanceof Number n ? n.intValue() : null;
            case INT64 -> avroDefault instanceof Number n ? n.longValue() : null;
            case FLOAT32 -> avroDefault instanceof Number n ? n.floatValue() : null;
            case FLOAT64 -> avroDefault instanceof Number n ? n.doubleValue() : null;
            default -> null;
        };
    }

    private static Schema nonNullBranch(Schema union) {
        List<Schema> branches = union.getTypes();
        List<Schema> nonNull = branches.stream().filter(branch -> branch.getType() != Schema.Type.NULL).toList();
        if (nonNull.size() != 1 || branches.size() != 2) {
            throw new DataException("Unsupported Avro union " + union + ": only a union of null and one other type"
                    + " (an optional value) maps to Kafka Connect");
        }
        return nonNull.get(0);
    }

    private Schema avro(org.apache.kafka.connect.data.Schema connect, int[] unnamed) {
        Schema schema = required(connect, unnamed);
        return connect.isOptional() ? Schema.createUnion(Schema.create(Schema.Type.NULL), schema) : schema;
    }

    private Schema required(org.apache.kafka.connect.data.Schema connect, int[] unnamed) {
        String logical = connect.name();
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
        }
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
            // Connect's Decimal has no precision; Avro requires one at least as large as the scale.
            return LogicalTypes.decimal(Math.max(38, scale), scale).addToSchema(Schema.create(Schema.Type.BYTES));
        }
        Map<String, String> parameters = connect.parameters() == null ? Map.of() : connect.parameters();
        return switch (connect.type()) {
            case STRING -> parameters.containsKey(ENUM_SYMBOLS)
                    ? Schema.createEnum(simpleName(logical), parameters.get(DOC), namespace(logical),
                            List.of(parameters.get(ENUM_SYMBOLS).split(",")), parameters.get(ENUM_DEFAULT))
                    : Schema.create(Schema.Type.STRING);
            case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
            case INT8, INT16, INT32 -> Schema.create(Schema.Type.INT);
            case INT64 -> Schema.create(Schema.Type.LONG);
            case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
            case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
            case BYTES -> Schema.create(Schema.Type.BYTES);
            case ARRAY -> Schema.createArray(avro(connect.valueSchema(), unnamed));
            case MAP -> {
                if (connect.keySchema().type() != org.apache.kafka.connect.data.Schema.Type.STRING) {
                    throw new DataException("Avro maps have string keys; cannot write a Connect map keyed by "
                            + connect.keySchema().type());
                }
                yield Schema.createMap(avro(connect.valueSchema(), unnamed));
            }
            case STRUCT -> record(connect, parameters, unnamed);
        };
    }

    private Schema record(org.apache.kafka.connect.data.Schema struct, Map<String, String> parameters, int[] unnamed) {
        String name = struct.name() != null ? struct.name() : UNNAMED_NAMESPACE + ".ConnectDefault" + (++unnamed[0]);
        List<Schema.Field> fields = new ArrayList<>();
        for (Field field : struct.fields()) {
            Schema fieldSchema = avro(field.schema(), unnamed);
            Object fieldDefault = field.schema().isOptional() ? JsonProperties.NULL_VALUE : scalarDefault(field.schema());
            fields.add(fieldDefault == null ? new Schema.Field(field.name(), fieldSchema)
                    : new Schema.Field(field.name(), fieldSchema, null, fieldDefault));
        }
        return Schema.createRecord(simpleName(name), parameters.get(DOC), namespace(name), false, fields);
    }

    private static Object scalarDefault(org.apache.kafka.connect.data.Schema schema) {
        Object value = schema.defaultValue();
        return value instanceof Number || value instanceof Boolean || value instanceof String ? value : null;
    }

    private static String simpleName(String fullName) {
        return fullName.substring(fullName.lastIndexOf('.') + 1);
    }

    private static String namespace(String fullName) {
        int dot = fullName.lastIndexOf('.');
        return dot < 0 ? null : fullName.substring(0, dot);
    }
}
