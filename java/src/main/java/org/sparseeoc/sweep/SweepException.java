package org.sparseeoc.sweep;

/**
 * A sweep spec that cannot be read, is invalid, or expands to an invalid run; or a sweep command
 * given impossible arguments. The message is one line, {@code SOURCE: PATH: REASON} like {@code
 * experiment.SpecException}'s. An {@link IllegalArgumentException}, so front ends treat it as bad
 * input (exit code 2).
 */
public final class SweepException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem at {@code path} (a field of the sweep spec, or "") in {@code source}. */
    public SweepException(String source, String path, String reason) {
        this(source, path, reason, null);
    }

    SweepException(String source, String path, String reason, Throwable cause) {
        super(format(source, path, reason), cause);
    }

    private static String format(String source, String path, String reason) {
        StringBuilder message = new StringBuilder();
        if (!source.isEmpty()) {
            message.append(source).append(": ");
        }
        if (!path.isEmpty()) {
            message.append(path).append(": ");
        }
        return message.append(reason.replaceAll("\\s*\\R\\s*", " ").strip()).toString();
    }
}
