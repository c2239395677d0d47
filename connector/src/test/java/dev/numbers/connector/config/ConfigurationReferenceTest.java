package dev.numbers.connector.config;

import dev.numbers.harness.docs.ServiceConfigurationDocs;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from this module's configuration records and application.yml: this fails when
 * the document no longer says what the code does, or when a key has no {@code @param} in its record's Javadoc to say
 * what it means. With {@code -Dconfiguration.reference=write} it writes the document's section instead (the command
 * is in the document and in the failure).
 */
class ConfigurationReferenceTest {

    @Test
    void configurationReferenceSaysWhatTheCodeDoesForEveryKey() {
        ServiceConfigurationDocs.ofModule("connector", "Connector: every key").writeOrVerify();
    }
}
