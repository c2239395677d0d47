package dev.numbers.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.numbers.harness.docs.ConfigurationReference;
import dev.numbers.harness.docs.ServiceConfigurationDocs;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from this module's configuration records and application.yml; these tests fail
 * when it no longer says what the code does, and when a key has nothing in its record's Javadoc to say what it means.
 * With {@code -Dconfiguration.reference=write} the first one writes the section instead (the command is in the
 * document and in the failure).
 */
class ConfigurationReferenceTest {

    private static final ServiceConfigurationDocs DOCS =
            ServiceConfigurationDocs.ofModule("bridge", "Callback bridge: every key");

    @Test
    void configurationReferenceSaysWhatTheCodeDoes() {
        DOCS.writeOrVerify();
    }

    @Test
    void everyKeySaysWhatItMeans() {
        assertThat(ConfigurationReference.undocumented(DOCS.groups()))
                .as("keys without an @param in their configuration record's Javadoc")
                .isEmpty();
    }
}
