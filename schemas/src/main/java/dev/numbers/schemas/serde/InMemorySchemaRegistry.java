package dev.numbers.schemas.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A registry answered from memory: ids from 1, global per schema, no compatibility rules. For unit tests, the serde
 * benchmark and {@code TopologyTestDriver} tests of other modules, which run the real serde without a registry
 * process (in the main artifact for the same reason as Confluent's {@code MockSchemaRegistryClient}: other modules'
 * tests need it, and a test-jar is not resolved by a plain {@code test} run of one module).
 */
public class InMemorySchemaRegistry implements SchemaRegistryClient {

    private final Map<Schema, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<String, List<Integer>> subjects = new HashMap<>();

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final int id = ids.computeIfAbsent(schema, s -> ids.size() + 1);
        schemas.put(id, schema);
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized int lookup(final String subject, final Schema schema) {
        final var id = ids.get(schema);
        if (id == null || !subjects.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaNotFoundException("schema not registered under " + subject);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(final int id) {
        final var schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("no schema with id " + id);
        }
        return schema;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }
}
