package dev.numbers.schemas.serde;

import java.util.List;
import org.apache.avro.Schema;

/** The three Confluent REST calls the serde needs. Implementations cache, so serde hot paths stay local. */
public interface SchemaRegistryClient {

    /** {@code POST /subjects/{subject}/versions}: registers (or finds) the schema, returning its global id. */
    int register(String subject, Schema schema);

    /**
     * {@code POST /subjects/{subject}}: the id of an already registered schema; {@link SchemaNotFoundException} if
     * not.
     */
    int lookup(String subject, Schema schema);

    /** {@code GET /schemas/ids/{id}}: the writer schema of an id; {@link SchemaNotFoundException} if unknown. */
    Schema schemaById(int id);

    /** {@code GET /subjects}. */
    List<String> subjects();

    static SchemaRegistryClient http(final SerdeConfig config) {
        return new HttpSchemaRegistryClient(config);
    }
}
