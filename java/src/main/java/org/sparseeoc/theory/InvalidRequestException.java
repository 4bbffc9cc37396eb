package org.sparseeoc.theory;

/**
 * A request the theory cannot serve, naming the offending field (one of {@code activation},
 * {@code sparsity}, {@code clip}, {@code qstar}) so that front ends can point at the right option.
 */
public final class InvalidRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The request field at fault. */
    public String field() {
        return field;
    }
}
