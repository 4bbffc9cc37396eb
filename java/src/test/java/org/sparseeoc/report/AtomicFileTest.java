package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void writesANewFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.txt");
        AtomicFile.write(target, "hello\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("hello\n", Files.readString(target));
        assertEquals(List.of("a.txt"), listing());
    }

    @Test
    void replacesAnExistingFileWhole() throws IOException {
        Path target = dir.resolve("b.csv");
        Files.writeString(target, "x".repeat(100_000));
        AtomicFile.write(target, out -> out.write("short".getBytes(StandardCharsets.UTF_8)));
        assertEquals("short", Files.readString(target));
        assertEquals(List.of("b.csv"), listing());
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndRemovesTheTemporaryOne() throws IOException {
        Path target = dir.resolve("c.bin");
        byte[] old = {1, 2, 3};
        Files.write(target, old);
        IOException thrown = assertThrows(
                IOException.class,
                () -> AtomicFile.write(target, out -> {
                    out.write(new byte[10_000]);
                    out.flush();
                    throw new IOException("disk on fire");
                }));
        assertEquals("disk on fire", thrown.getMessage());
        assertArrayEquals(old, Files.readAllBytes(target));
        assertEquals(List.of("c.bin"), listing());
    }

    @Test
    void aRuntimeFailureAlsoRemovesTheTemporaryFile() throws IOException {
        Path target = dir.resolve("d.bin");
        assertThrows(
                IllegalStateException.class,
                () -> AtomicFile.write(target, out -> {
                    out.write(7);
                    throw new IllegalStateException("bug");
                }));
        assertEquals(List.of(), listing());
    }

    @Test
    void aMissingFolderIsAnErrorAndCreatesNothing() {
        Path target = dir.resolve("missing").resolve("e.txt");
        assertThrows(NoSuchFileException.class, () -> AtomicFile.write(target, new byte[] {1}));
        assertEquals(false, Files.exists(dir.resolve("missing")));
    }

    @Test
    void theFileGetsOrdinaryPermissionsNotThoseOfATemporaryFile() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference"));
        Path target = dir.resolve("f.txt");
        AtomicFile.write(target, new byte[] {1});
        if (Files.getFileAttributeView(target, PosixFileAttributeView.class) != null) {
            assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(target));
        }
    }

    @Test
    void aRelativeTargetIsWrittenInItsFolder() throws IOException {
        Path target = Path.of("").toAbsolutePath().relativize(dir.resolve("g.txt"));
        AtomicFile.write(target, new byte[] {42});
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(dir.resolve("g.txt")));
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
