package dev.numbers.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicTest {

    @Test
    void everyTopicHasADistinctDefaultName() {
        final var names = Arrays.stream(Topic.values()).map(Topic::defaultName).collect(Collectors.toSet());
        assertThat(names).hasSize(Topic.values().length);
    }

    @Test
    void deadLetterTopicsKeepBytesAndEveryOtherTopicOneAvroType() {
        for (final var topic : Topic.values()) {
            final var deadLetters = topic.defaultName().endsWith(".dlq");
            assertThat(topic.value() instanceof TopicValue.Bytes).as(topic.name()).isEqualTo(deadLetters);
            assertThat(topic.key() == Topic.Key.BYTES).as(topic.name()).isEqualTo(deadLetters);
        }
    }

    /** The README's Topics table is what users read: it lists exactly the catalogue's topics. */
    @Test
    void theReadmeTopicsTableListsExactlyTheCatalogue() throws IOException {
        final var readme = Files.readString(Path.of("..", "README.md"));
        final var section = readme.substring(readme.indexOf("\n## Topics"), readme.indexOf("\n## ", readme.indexOf(
                "\n## Topics") + 1));
        final var row = Pattern.compile("(?m)^\\| `([a-z.\\-]+)` \\|");
        final var documented = row.matcher(section).results().map(m -> m.group(1)).collect(Collectors.toSet());
        final var catalogue = Arrays.stream(Topic.values()).map(Topic::defaultName).collect(Collectors.toSet());
        System.out.println("README topics: " + documented.size() + ", catalogue: " + catalogue.size());
        assertThat(documented).isEqualTo(catalogue);
    }
}
