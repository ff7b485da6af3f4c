package dev.llmrouter.serde;

import org.apache.avro.specific.SpecificRecordBase;

/** Helpers for generated Avro records. */
public final class AvroRecords {

    private AvroRecords() {
    }

    /**
     * Copies every field of {@code source} into {@code target} and returns it: a shallow copy. A generated
     * builder's {@code newBuilder(source)} deep-copies every nested record, list and map instead, on a stream
     * thread's hot path for every record. Safe where nothing mutates the shared parts afterwards, which is how
     * the pipeline treats records it has read.
     */
    public static <T extends SpecificRecordBase> T shallowCopy(T source, T target) {
        if (source.getSchema() != target.getSchema()) {
            throw new IllegalArgumentException("cannot copy a " + source.getSchema().getFullName() + " into a "
                    + target.getSchema().getFullName());
        }
        for (int field = 0; field < source.getSchema().getFields().size(); field++) {
            target.put(field, source.get(field));
        }
        return target;
    }
}
