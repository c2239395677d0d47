package dev.numbers.bridge.deadletter;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Wires the two handlers into a Streams configuration. Streams instantiates handlers by class name, so the shared
 * {@link WebhookDeadLetters} travels as an object in the configuration map under {@link #DEAD_LETTERS}.
 */
public final class DeadLetterHandlers {

    static final String DEAD_LETTERS = "numbers.bridge.dead-letters";

    private DeadLetterHandlers() {
    }

    public static void configure(final Properties props, final WebhookDeadLetters deadLetters) {
        props.put(DEAD_LETTERS, deadLetters);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DeadLetterDeserializationHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
    }

    static WebhookDeadLetters from(final Map<String, ?> configs) {
        if (configs.get(DEAD_LETTERS) instanceof WebhookDeadLetters deadLetters) {
            return deadLetters;
        }
        throw new IllegalStateException(DEAD_LETTERS + " is not set: use DeadLetterHandlers.configure");
    }
}
