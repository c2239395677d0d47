package dev.numbers.schemas.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SecretFileTest {

    private static final String KEY = "connector.providers.telnyx.api-key-file";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(SecretFile.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(log);
    }

    @Test
    void aDeletedFileIsReportedCountedAndLoggedOnceUntilItIsBack() throws Exception {
        final var file = Files.writeString(dir.resolve("key"), "KEYfirst\n");
        final var secret = new SecretFile(KEY, file.toString());
        assertThat(secret.problem()).isEmpty();

        Files.delete(file);
        for (int call = 0; call < 5; call++) {
            assertThat(secret.value()).isEqualTo("KEYfirst");
        }
        assertThat(secret.problem()).get().asString().contains(KEY, file.toString(), "deleted")
                .doesNotContain("KEYfirst");
        assertThat(secret.problems()).isEqualTo(1);
        assertThat(log.list).filteredOn(e -> e.getLevel().toString().equals("ERROR")).hasSize(1);

        Files.writeString(file, "KEYsecond\n");
        assertThat(secret.value()).isEqualTo("KEYsecond");
        assertThat(secret.problem()).isEmpty();
    }

    @Test
    void anEmptyFileIsReadOnceAndWarnedAboutOnceNotOnEveryCall() throws Exception {
        final var file = Files.writeString(dir.resolve("key"), "KEYfirst\n");
        final var secret = new SecretFile(KEY, file.toString());
        Files.writeString(file, "");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        for (int call = 0; call < 5; call++) {
            assertThat(secret.value()).isEqualTo("KEYfirst");
        }
        assertThat(secret.problem()).get().asString().contains("empty");
        assertThat(secret.problems()).isEqualTo(1);
        assertThat(log.list).filteredOn(e -> e.getFormattedMessage().contains("is empty")).hasSize(1);

        Files.writeString(file, "KEYsecond\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(secret.value()).isEqualTo("KEYsecond");
        assertThat(secret.problem()).isEmpty();
    }
}
