package org.sparseeoc.experiment;

/**
 * An experiment spec that cannot be read or is invalid. The message is one line, {@code SOURCE:
 * PATH: REASON}, where SOURCE is the file (with the override at fault, if any), PATH the JSON path
 * of the offending field such as {@code optimizer.lr}, and REASON says what is wrong and how to fix
 * it. An {@link IllegalArgumentException}, so that front ends treat it as bad input.
 *
 * <p>The records of this package throw it with a path relative to themselves and no source; {@link
 * SpecLoader} re-anchors it at the record's place in the document and names the file.
 */
public final class SpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String path;
    private final String reason;

    /** An invalid value at {@code path}, relative to the object being built. */
    public SpecException(String path, String reason) {
        this("", path, reason, null);
    }

    SpecException(String source, String path, String reason, Throwable cause) {
        super(format(source, path, reason), cause);
        this.source = source;
        this.path = path;
        this.reason = oneLine(reason);
    }

    /** Where the spec came from (a file, possibly with an override), or "" when unknown. */
    public String source() {
        return source;
    }

    /** The JSON path at fault, e.g. {@code optimizer.lr}; "" for the document as a whole. */
    public String path() {
        return path;
    }

    /** What is wrong and how to fix it, without source or path. */
    public String reason() {
        return reason;
    }

    /** This error seen from the enclosing object, whose path is {@code prefix}. */
    SpecException at(String prefix) {
        return new SpecException(source, join(prefix, path), reason, this);
    }

    /** The same error read from {@code newSource}, with {@code note} (if not empty) added to the reason. */
    SpecException from(String newSource, String note) {
        return new SpecException(newSource, path, note.isEmpty() ? reason : reason + "; " + note, this);
    }

    static String join(String prefix, String path) {
        if (prefix.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? prefix : prefix + "." + path;
    }

    private static String format(String source, String path, String reason) {
        StringBuilder message = new StringBuilder();
        if (!source.isEmpty()) {
            message.append(source).append(": ");
        }
        if (!path.isEmpty()) {
            message.append(path).append(": ");
        }
        return message.append(oneLine(reason)).toString();
    }

    // Front ends print the message as one line on stderr; Jackson's texts sometimes carry newlines.
    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
