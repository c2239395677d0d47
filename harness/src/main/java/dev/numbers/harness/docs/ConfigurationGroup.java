package dev.numbers.harness.docs;

import java.util.List;

/** The keys of one configuration record (one prefix), with the record's own description. */
public record ConfigurationGroup(String prefix, String description, List<ConfigurationKey> keys) {

    public ConfigurationGroup {
        keys = List.copyOf(keys);
    }
}
