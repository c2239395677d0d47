package dev.numbers.harness.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationReferenceRenderTest {

    private static final String METADATA = """
            {"groups": [
              {"name": "demo.accounts.*", "type": "x.AccountConfig",
               "description": "One account, see {@link x.Other}."},
              {"name": "demo", "type": "x.DemoConfig",
               "description": "How the demo runs (prefix {@code demo}).\\n <p>Second   paragraph."}],
             "properties": [
              {"name": "demo.timeout", "type": "java.time.Duration", "sourceType": "x.DemoConfig",
               "description": "how long a call\\n      may take: {@code a|b}, see {@code kafkaBootstrap}",
               "defaultValue": "10s"},
              {"name": "demo.kafka-bootstrap", "type": "java.lang.String", "sourceType": "x.DemoConfig",
               "description": "the brokers"},
              {"name": "demo.kafka.properties", "type": "java.util.Map", "sourceType": "x.DemoConfig",
               "description": "passed through"},
              {"name": "demo.accounts.*.token-file", "type": "java.lang.String", "sourceType": "x.AccountConfig"}]}
            """;

    private static final String YAML = """
            micronaut:
              server:
                port: ${DEMO_PORT:8080}
            demo:
              kafka-bootstrap: ${KAFKA_BOOTSTRAP_SERVERS:`127.0.0.1:9092`}
              kafka:
                properties:
                  client.id: demo
            """;

    @Test
    void rendersEveryKeyWithTypeDefaultAndMeaningAndTheShippedValuesWinOverTheRecordDefaults(@TempDir Path dir)
            throws Exception {
        final var docs = module(dir);

        final var rendered = docs.rendered();

        assertThat(rendered)
                .startsWith("## Demo\n\n### `demo`\n\nHow the demo runs (prefix `demo`). Second paragraph.");
        assertThat(rendered).contains(
                "| `demo.timeout` | duration | `10s` | how long a call may take: `a\\|b`, see `kafka-bootstrap` |",
                "| `demo.kafka-bootstrap` | string | `127.0.0.1:9092` (env `KAFKA_BOOTSTRAP_SERVERS`) | the brokers"
                        + " |",
                "| `demo.kafka.properties` | map | `client.id=demo` | passed through |",
                "### `demo.accounts.<name>`\n\nOne account, see `Other`.",
                "| `demo.accounts.<name>.token-file` | string |  |  |",
                "| `micronaut.server.port` | `8080` (env `DEMO_PORT`) |",
                "| `demo.loop.enabled` | boolean | on unless `false` | turns on or off `Loop` |");
        assertThat(ConfigurationReference.undocumented(docs.groups()))
                .containsExactly("demo.accounts.<name>.token-file");
        assertThatThrownBy(docs::requireMeanings).hasMessageContaining("demo.accounts.<name>.token-file");
    }

    @Test
    void aStaleSectionFailsNamingTheLineAndTheCommandAndWriteFixesItKeepingTheHandWrittenText(@TempDir Path dir)
            throws Exception {
        final var docs = module(dir);
        final var document = dir.resolve(ServiceConfigurationDocs.DOCUMENT);
        Files.createDirectories(document.getParent());
        Files.writeString(document, "# Configuration\n\nWritten by hand.\n");

        assertThatThrownBy(docs::verify).hasMessageContaining("is stale for demo (no generated section for it)")
                .hasMessageContaining(GeneratedSection.REGENERATE);
        docs.section().write(docs.rendered());
        docs.verify();
        final var written = Files.readString(document);
        assertThat(written).startsWith("# Configuration\n\nWritten by hand.\n\n<!-- BEGIN GENERATED: demo (");

        Files.writeString(document, written.replace("`10s`", "`20s`"));
        assertThatThrownBy(docs::verify).hasMessageContaining("is '| `demo.timeout` |")
                .hasMessageContaining("`20s`").hasMessageContaining(GeneratedSection.REGENERATE);
        docs.section().write(docs.rendered());
        assertThat(Files.readString(document)).isEqualTo(written);
    }

    private static ServiceConfigurationDocs module(final Path dir) throws Exception {
        final var module = dir.resolve("demo");
        Files.createDirectories(module.resolve(ConfigurationMetadata.IN_MODULE).getParent());
        Files.writeString(module.resolve(ConfigurationMetadata.IN_MODULE), METADATA);
        Files.createDirectories(module.resolve(ApplicationYaml.IN_MODULE).getParent());
        Files.writeString(module.resolve(ApplicationYaml.IN_MODULE), YAML);
        Files.createDirectories(module.resolve("src/main/java/x"));
        Files.writeString(module.resolve("src/main/java/x/Loop.java"),
                "@Requires(property = \"demo.loop.enabled\", notEquals = \"false\")\nclass Loop {}\n");
        return new ServiceConfigurationDocs("demo", "Demo", module);
    }
}
