package dev.numbers.bridge.webhook.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingKeyTest {

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger parses = new AtomicInteger();
    /** Accepts keys that start with "key-", the way a parser refuses a malformed key without quoting it. */
    private final Function<String, String> parse = text -> {
        parses.incrementAndGet();
        if (!text.startsWith("key-")) {
            throw new IllegalArgumentException("not a key");
        }
        return text;
    };

    private double reloads(final String outcome) {
        final var counter = meters.find("bridge.webhooks.key.reloads").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aReplacedFileIsReadForTheNextCallAndAnUnchangedOneIsNotReadAgain() throws Exception {
        final var file = Files.writeString(dir.resolve("key"), "key-one\n");
        final var key = ReloadingKey.fromFile("SIGNALWIRE", "team-a", file, parse, meters);

        assertThat(key.get()).isEqualTo("key-one");
        assertThat(key.get()).isEqualTo("key-one");
        assertThat(parses).hasValue(1);

        final var next = Files.writeString(dir.resolve("key.next"), "key-two\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(key.get()).isEqualTo("key-two");
        assertThat(reloads("reloaded")).isEqualTo(1);
    }

    @Test
    void anUnusableOrMissingFileKeepsTheLastGoodKeyAndIsCountedOncePerChange() throws Exception {
        final var file = Files.writeString(dir.resolve("key"), "key-one");
        final var key = ReloadingKey.fromFile("TELNYX", "team-a", file, parse, meters);

        Files.writeString(dir.resolve("key"), "garbage that is longer");
        assertThat(key.get()).isEqualTo("key-one");
        assertThat(key.get()).isEqualTo("key-one");
        assertThat(reloads("failed")).isEqualTo(1);

        Files.delete(file);
        assertThat(key.get()).isEqualTo("key-one");
        assertThat(reloads("failed")).isEqualTo(2);

        Files.writeString(file, "key-three");
        assertThat(key.get()).isEqualTo("key-three");
    }

    @Test
    void aFileWithoutAValidKeyFailsStartUpWithoutQuotingIt() throws Exception {
        final var file = Files.writeString(dir.resolve("key"), "secret-but-malformed");

        assertThatThrownBy(() -> ReloadingKey.fromFile("SIGNALWIRE", "team-a", file, parse, meters))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("team-a").hasMessageContaining("holds no valid key")
                .hasMessageNotContaining("secret-but-malformed");
        assertThatThrownBy(() -> ReloadingKey.fromFile("SIGNALWIRE", "team-a", dir.resolve("absent"), parse, meters))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void anAccountNeedsExactlyOneOfAnInlineKeyAndAFile() {
        assertThatThrownBy(() -> new AccountKey("TELNYX", "team-a", null, null).load(parse, meters))
                .hasMessageContaining("neither is set");
        assertThatThrownBy(() -> new AccountKey("TELNYX", "team-a", "key-x", "/some/file").load(parse, meters))
                .hasMessageContaining("both are set");
        assertThat(new AccountKey("TELNYX", "team-a", "key-x", null).load(parse, meters).get()).isEqualTo("key-x");
        assertThat(new AccountKey("TELNYX", "team-a", "key-x", null).load(parse, meters).toString())
                .doesNotContain("key-x");
    }
}
