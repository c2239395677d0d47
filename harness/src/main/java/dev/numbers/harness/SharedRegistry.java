package dev.numbers.harness;

/** Holds the one registry a JVM's tests share. */
final class SharedRegistry {

    private static SchemaRegistry registry;

    private SharedRegistry() {
    }

    static synchronized SchemaRegistry get() {
        if (registry == null) {
            final var external = System.getProperty("schema.registry.url", "").trim();
            registry = external.isEmpty() ? ApicurioRegistry.start(ApicurioRegistry.Settings.defaults())
                    : SchemaRegistry.external(external);
            final var started = registry;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "schema-registry-stop"));
        }
        return registry;
    }
}
