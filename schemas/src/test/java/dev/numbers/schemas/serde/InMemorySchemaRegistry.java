package dev.numbers.schemas.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/** A registry fake for unit tests and the benchmark: ids from 1, no compatibility rules. */
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
