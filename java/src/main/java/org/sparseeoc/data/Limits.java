package org.sparseeoc.data;

/**
 * At most how many examples of each split to keep (the first ones in file order), for quick runs.
 *
 * @param train train examples kept, ≥ 1
 * @param test test examples kept, ≥ 1
 */
public record Limits(int train, int test) {
    /** Keep everything. */
    public static final Limits NONE = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public Limits {
        if (train < 1 || test < 1) {
            throw new IllegalArgumentException("limits must be >= 1, got train " + train + ", test " + test);
        }
    }
}
