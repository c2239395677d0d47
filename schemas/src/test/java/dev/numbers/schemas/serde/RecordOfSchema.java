package dev.numbers.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A record of any schema, for playing the part of code generated from an older or newer version of a contract
 * (which this build does not have as classes).
 */
final class RecordOfSchema extends SpecificRecordBase {

    private final Schema schema;
    private final Object[] values;

    RecordOfSchema(final Schema schema) {
        this.schema = schema;
        this.values = new Object[schema.getFields().size()];
    }

    RecordOfSchema with(final String field, final Object value) {
        values[schema.getField(field).pos()] = value;
        return this;
    }

    @Override
    public Schema getSchema() {
        return schema;
    }

    @Override
    public Object get(final int field) {
        return values[field];
    }

    @Override
    public void put(final int field, final Object value) {
        values[field] = value;
    }
}
