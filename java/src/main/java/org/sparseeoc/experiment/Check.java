package org.sparseeoc.experiment;

/**
 * Range checks for the compact constructors. Each failure is a {@link SpecException} naming the
 * field (relative to its record) and stating the allowed range, which is the fix.
 */
final class Check {
    private Check() {}

    static <T> T required(String field, T value, String what) {
        if (value == null) {
            throw new SpecException(field, "missing (required): " + what);
        }
        return value;
    }

    static double positive(String field, double value) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new SpecException(field, "must be a finite number > 0, got " + value);
        }
        return value;
    }

    static double nonNegative(String field, double value) {
        if (!(value >= 0 && Double.isFinite(value))) {
            throw new SpecException(field, "must be a finite number >= 0, got " + value);
        }
        return value;
    }

    /** A value in [0, 1): momentum and Adam's betas, where 1 would never forget. */
    static double unitInterval(String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new SpecException(field, "must lie in [0, 1), got " + value);
        }
        return value;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new SpecException(field, "must be an integer >= " + min + ", got " + value);
        }
        return value;
    }

    static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
