package org.sparseeoc.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file all at once or not at all: the content goes to a hidden temporary file in the
 * target's folder ({@code .NAME.RANDOM.tmp}), is forced to disk, and is then renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}. A reader sees either the old file whole or
 * the new one whole, never a partial write; an existing target is replaced. If writing fails the
 * temporary file is deleted and the target is left as it was.
 */
public final class AtomicFile {
    private static final int CREATE_ATTEMPTS = 16;

    private AtomicFile() {}

    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically with what {@code content} puts on the stream. The folder must
     * exist. The stream is buffered; {@code content} need not (and should not) close it.
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix =
                    HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path temp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                // CREATE_NEW with default permissions (the umask applies, unlike Files.createTempFile).
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt + 1 >= CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
