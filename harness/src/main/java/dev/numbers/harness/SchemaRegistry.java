package dev.numbers.harness;

/**
 * A real Confluent-API schema registry for tests.
 *
 * <p>{@link #shared()} is the registry named by {@code -Dschema.registry.url=...} when given, otherwise an Apicurio
 * Registry process started once for this JVM and stopped when it exits.
 */
public interface SchemaRegistry extends AutoCloseable {

    /** Base URL of the Confluent REST API, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    String url();

    @Override
    void close();

    static SchemaRegistry shared() {
        return SharedRegistry.get();
    }

    /** The registry behind {@code url}, started by somebody else. */
    static SchemaRegistry external(final String url) {
        return new SchemaRegistry() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public void close() {
                // not ours to stop
            }
        };
    }
}
