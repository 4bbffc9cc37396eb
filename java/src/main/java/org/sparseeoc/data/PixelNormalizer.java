package org.sparseeoc.data;

/**
 * The map from a raw pixel byte x to a network input, with the statistics it was fitted with, for
 * provenance records. NONE gives x, UNIT x/255, STANDARDIZE (x/255 − mean)/std, where mean and std
 * are those of x/255 over the train split ({@link Normalization#fit}). NONE and UNIT carry mean 0
 * and std 1, so that every normaliser reads as (scaled − mean)/std.
 *
 * @param kind the normalisation
 * @param mean mean of x/255 over the train pixels (STANDARDIZE), else 0
 * @param std population standard deviation of x/255 over the train pixels (STANDARDIZE), else 1
 */
public record PixelNormalizer(Normalization kind, double mean, double std) {
    public PixelNormalizer {
        if (kind == null) {
            throw new IllegalArgumentException("normalisation missing; expected one of " + Normalization.names());
        }
        if (!(Double.isFinite(mean) && std > 0 && Double.isFinite(std))) {
            throw new IllegalArgumentException("need a finite mean and a finite std > 0, got " + mean + ", " + std);
        }
        if (kind != Normalization.STANDARDIZE && (mean != 0 || std != 1)) {
            throw new IllegalArgumentException(kind.cliName() + " takes mean 0 and std 1, got " + mean + ", " + std);
        }
    }

    /** The data-independent normaliser NONE or UNIT. */
    public static PixelNormalizer identity(Normalization kind) {
        if (kind == Normalization.STANDARDIZE) {
            throw new IllegalArgumentException(
                    "standardize needs statistics: use Normalization.STANDARDIZE.fit(train)");
        }
        return new PixelNormalizer(kind, 0, 1);
    }

    /** The input for raw pixel value x ∈ 0..255, computed in double and rounded once to float. */
    public float apply(int x) {
        if (x < 0 || x > 255) {
            throw new IllegalArgumentException("pixel value " + x + " outside 0..255");
        }
        return switch (kind) {
            case NONE -> x;
            case UNIT -> (float) (x / 255.0);
            case STANDARDIZE -> (float) ((x / 255.0 - mean) / std);
        };
    }

    /** {@link #apply} for all 256 byte values: entry x is apply(x). */
    public float[] table() {
        float[] table = new float[256];
        for (int x = 0; x < 256; x++) {
            table[x] = apply(x);
        }
        return table;
    }
}
