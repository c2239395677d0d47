package dev.numbers.bridge.config;

/**
 * A configuration value the bridge cannot start with; the message starts with the key, never with the value of a
 * secret.
 */
public final class InvalidSetting extends IllegalArgumentException {

    private final String key;

    public InvalidSetting(final String key, final String problem) {
        super(key + " " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
