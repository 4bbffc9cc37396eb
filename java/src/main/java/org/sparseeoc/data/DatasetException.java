package org.sparseeoc.data;

/**
 * A data file or directory that cannot be used: missing, unreadable, corrupt, or not in the
 * expected format. The message is one line, {@code FILE: problem; what to do}, so that a front end
 * can print it as it is.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;

    /** {@code file} names the path (or bundled resource) at fault; {@code problem} says what and how to fix it. */
    public DatasetException(String file, String problem) {
        super(oneLine(file + ": " + problem));
        this.file = file;
    }

    public DatasetException(String file, String problem, Throwable cause) {
        super(oneLine(file + ": " + problem), cause);
        this.file = file;
    }

    /** The path or bundled resource the problem is about. */
    public String file() {
        return file;
    }

    // Messages embed texts from the JDK (I/O errors) that could in principle hold line breaks.
    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
