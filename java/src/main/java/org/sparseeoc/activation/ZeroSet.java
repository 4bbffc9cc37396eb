package org.sparseeoc.activation;

/** The closed interval [lower, upper] of inputs that an activation maps to exactly 0. */
public record ZeroSet(double lower, double upper) {
    public ZeroSet {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("zero set needs lower <= upper, got " + lower + ", " + upper);
        }
    }

    /** True when lower ≤ x ≤ upper. */
    public boolean contains(double x) {
        return x >= lower && x <= upper;
    }
}
