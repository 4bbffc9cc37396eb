package org.sparseeoc.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One open data file, decompressed on the fly when its content starts with the gzip magic bytes
 * (1f 8b), whatever its name says. Every I/O failure becomes a {@link DatasetException} naming the
 * file; a failure inside gzip data is reported as a corrupt or truncated download.
 */
final class DataFile implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    // Payloads are read into a buffer that grows only as bytes arrive, so a corrupt header that
    // claims gigabytes costs no more memory than the file really holds.
    private static final int FIRST_CHUNK = 1 << 20;

    private final String name;
    private final InputStream in;
    private final boolean gzip;

    private DataFile(String name, InputStream in, boolean gzip) {
        this.name = name;
        this.in = in;
        this.gzip = gzip;
    }

    /** Opens a file on disk. */
    static DataFile open(Path path) {
        String name = path.toString();
        try {
            return open(name, Files.newInputStream(path));
        } catch (NoSuchFileException e) {
            throw new DatasetException(name, "no such file");
        } catch (AccessDeniedException e) {
            throw new DatasetException(name, "permission denied; make the file readable");
        } catch (IOException e) {
            throw new DatasetException(name, "cannot open: " + e.getMessage(), e);
        }
    }

    /** Opens a resource bundled in the jar, relative to this package. */
    static DataFile openResource(String relativePath) {
        String name = "bundled " + DataFile.class.getPackageName().replace('.', '/') + "/" + relativePath;
        InputStream raw = DataFile.class.getResourceAsStream(relativePath);
        if (raw == null) {
            throw new DatasetException(name, "missing from the jar; rebuild sparse-eoc");
        }
        return open(name, raw);
    }

    private static DataFile open(String name, InputStream raw) {
        BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
        try {
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                try {
                    return new DataFile(name, new BufferedInputStream(new GZIPInputStream(buffered, BUFFER)), true);
                } catch (IOException e) {
                    throw corruptGzip(name, e);
                }
            }
            return new DataFile(name, buffered, false);
        } catch (IOException | RuntimeException e) {
            closeQuietly(buffered, e);
            throw e instanceof DatasetException d ? d : new DatasetException(name, "cannot read: " + e.getMessage(), e);
        }
    }

    /** The file's name (path or bundled resource) for messages. */
    String name() {
        return name;
    }

    /** True when the content was gzip-compressed. */
    boolean gzip() {
        return gzip;
    }

    /** Up to {@code n} bytes: exactly {@code n} unless the content ends first. */
    byte[] readUpTo(long n) {
        if (n < 0 || n > Dataset.MAX_ARRAY) {
            throw new IllegalArgumentException("cannot read " + n + " bytes into one array");
        }
        int size = (int) n;
        byte[] buf = new byte[Math.min(size, FIRST_CHUNK)];
        int filled = 0;
        try {
            while (filled < size) {
                if (filled == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(size, 2L * buf.length));
                }
                int read = in.read(buf, filled, buf.length - filled);
                if (read < 0) {
                    break;
                }
                filled += read;
            }
        } catch (IOException e) {
            throw failure(e);
        }
        return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
    }

    /**
     * Everything up to the end of the content.
     *
     * @throws DatasetException when there are more than {@code max} bytes
     */
    byte[] readAll(int max) {
        byte[] all = readUpTo(max);
        if (all.length == max && remaining() > 0) {
            throw new DatasetException(name, "larger than " + max + " bytes, too big to load");
        }
        return all;
    }

    /** Reads and counts the bytes left. */
    long remaining() {
        try {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // Nothing was written, and everything needed has been read: a failing close loses nothing.
        }
    }

    private DatasetException failure(IOException e) {
        return gzip ? corruptGzip(name, e) : new DatasetException(name, "read failed: " + e.getMessage(), e);
    }

    private static DatasetException corruptGzip(String name, IOException e) {
        String what = e instanceof EOFException ? "the gzip data ends early" : "corrupt gzip data";
        return new DatasetException(
                name, what + " (" + e.getMessage() + "): the file is damaged or truncated; download it again", e);
    }

    private static void closeQuietly(InputStream stream, Exception failure) {
        try {
            stream.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
