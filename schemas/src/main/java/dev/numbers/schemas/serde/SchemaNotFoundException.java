package dev.numbers.schemas.serde;

/** The registry does not know the schema id, or the schema under that subject (HTTP 404). */
public final class SchemaNotFoundException extends SchemaRegistryException {

    public SchemaNotFoundException(final String message) {
        super(message, 404);
    }
}
