package dev.numbers.harness;

/** A cluster somebody else runs, named with {@code -Dkafka.bootstrap=host:port}. */
final class ExternalKafkaBroker extends KafkaBroker {

    private final String bootstrap;

    ExternalKafkaBroker(final String bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public String bootstrapServers() {
        return bootstrap;
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
