package dev.numbers.bridge.orderstate;

import dev.numbers.schemas.serde.SchemaNotFoundException;
import dev.numbers.schemas.serde.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * The registry client interface the Avro serde uses, answered from memory, for tests that run a topology without a
 * registry process ({@code TopologyTestDriver}). Ids are global per schema, as in the real registry; a subject knows
 * the schemas registered under it.
 */
final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private final Map<Schema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, List<Schema>> subjects = new ConcurrentHashMap<>();

    @Override
    public synchronized int register(final String subject, final Schema schema) {
        final int id = ids.computeIfAbsent(schema, s -> ids.size() + 1);
        schemas.put(id, schema);
        final var versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(schema)) {
            versions.add(schema);
        }
        return id;
    }

    @Override
    public synchronized int lookup(final String subject, final Schema schema) {
        if (!subjects.getOrDefault(subject, List.of()).contains(schema)) {
            throw new SchemaNotFoundException("schema not registered under " + subject);
        }
        return ids.get(schema);
    }

    @Override
    public Schema schemaById(final int id) {
        final var schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("no schema with id " + id);
        }
        return schema;
    }

    @Override
    public List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }
}
