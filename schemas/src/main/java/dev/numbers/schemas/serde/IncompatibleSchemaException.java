package dev.numbers.schemas.serde;

/** The registry refused to register a schema (HTTP 409) because it breaks the subject's compatibility rule. */
public final class IncompatibleSchemaException extends SchemaRegistryException {

    private final String subject;
    private final String registryMessage;

    public IncompatibleSchemaException(final String subject, final String registryMessage) {
        super("schema refused for subject " + subject + " as incompatible: " + registryMessage, 409);
        this.subject = subject;
        this.registryMessage = registryMessage;
    }

    public String subject() {
        return subject;
    }

    /** The registry's own explanation, verbatim. */
    public String registryMessage() {
        return registryMessage;
    }
}
