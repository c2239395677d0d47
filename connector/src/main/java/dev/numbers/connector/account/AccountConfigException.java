package dev.numbers.connector.account;

import io.micronaut.context.exceptions.ConfigurationException;

/** An account setting that is missing, contradictory or unusable; the message names the key as the user wrote it. */
public final class AccountConfigException extends ConfigurationException {

    public AccountConfigException(final String message) {
        super(message);
    }
}
