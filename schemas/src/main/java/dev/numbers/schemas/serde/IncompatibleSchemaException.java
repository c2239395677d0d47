package dev.numbers.schemas.serde;

/**
 * The registry refused to register a schema because it breaks the subject's compatibility rule (BACKWARD here): for
 * example a new field without a default. {@link #registryMessage()} is what the registry said.
 */
public final class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String registryMessage;

    IncompatibleSchemaException(final String subject, final String registryMessage, final int httpStatus, final int errorCode) {
        super("Schema refused by the registry as incompatible with subject " + subject + ": " + registryMessage,
                httpStatus, errorCode, null);
        this.subject = subject;
        this.registryMessage = registryMessage;
    }

    public String subject() {
        return subject;
    }

    public String registryMessage() {
        return registryMessage;
    }
}
