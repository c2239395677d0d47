package dev.numbers.connector.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {

    @Test
    void aDirectoryOnTheClassPathBecomesAJarOfItsFilesAndJarsStayAsTheyAre(@TempDir final Path dir) throws IOException {
        final var classes = Files.createDirectories(dir.resolve("classes/META-INF/services"));
        Files.writeString(classes.resolve("some.Service"), "some.Impl\n");
        final var lib = Files.writeString(dir.resolve("lib.jar"), "not read");

        final var jarred = AotCache.jarred(dir.resolve("classes") + File.pathSeparator + lib, dir);

        final var entries = jarred.split(File.pathSeparator);
        assertThat(entries).hasSize(2);
        assertThat(entries[0]).endsWith(".jar");
        assertThat(entries[1]).isEqualTo(lib.toString());
        try (var jar = new JarFile(entries[0])) {
            assertThat(jar.getEntry("META-INF/services/")).isNotNull();
            assertThat(new String(jar.getInputStream(jar.getEntry("META-INF/services/some.Service")).readAllBytes()))
                    .isEqualTo("some.Impl\n");
        }
    }
}
