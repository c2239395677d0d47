package dev.numbers.connector.account;

import dev.numbers.schemas.avro.Provider;

/** A provider account by its configured name; names are per provider. */
public record AccountId(Provider provider, String name) {

    @Override
    public String toString() {
        return provider + "/" + name;
    }
}
