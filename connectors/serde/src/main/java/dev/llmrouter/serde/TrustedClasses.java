package dev.llmrouter.serde;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Declares the generated classes a deserializer reads into as trusted to Avro's {@link ClassSecurityValidator}.
 *
 * <p>Since 1.12.2 Avro refuses to load any class by name unless told to trust it, generated classes included,
 * and a specific reader loads every record and enum class of its schema by name. Only the named types of
 * reader schemas are trusted: the class the application chose, or with {@code specific.avro.reader} the class
 * the writer schema names once it has been checked to be a generated {@code SpecificRecord}. The JVM-wide
 * settings ({@code org.apache.avro.SERIALIZABLE_PACKAGES}) keep working alongside.
 */
final class TrustedClasses {

    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private TrustedClasses() {
    }

    /** Trusts the classes generated for {@code readerSchema} and every named type it references. */
    static void trust(Schema readerSchema) {
        Set<String> names = new HashSet<>();
        collect(readerSchema, names);
        if (!NAMES.containsAll(names)) {
            NAMES.addAll(names);
            install();
        }
    }

    private static synchronized void install() {
        if (!installed) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(), type -> NAMES.contains(type.getName())));
            installed = true;
        }
    }

    private static void collect(Schema schema, Set<String> names) {
        switch (schema.getType()) {
            case RECORD -> {
                if (names.add(SpecificData.getClassName(schema))) {
                    schema.getFields().forEach(field -> collect(field.schema(), names));
                }
            }
            case ENUM, FIXED -> names.add(SpecificData.getClassName(schema));
            case ARRAY -> collect(schema.getElementType(), names);
            case MAP -> collect(schema.getValueType(), names);
            case UNION -> schema.getTypes().forEach(branch -> collect(branch, names));
            default -> {
            }
        }
    }
}
