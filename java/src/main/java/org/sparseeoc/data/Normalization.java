package org.sparseeoc.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How raw pixel bytes x ∈ 0..255 become network inputs. */
public enum Normalization {
    /** x itself, 0..255. */
    NONE("none"),
    /** x/255, in [0, 1]. */
    UNIT("unit"),
    /**
     * (x/255 − μ)/σ with one scalar mean μ and standard deviation σ of x/255 over every pixel of the
     * train split, applied unchanged to the test split: inputs of mean 0 and variance 1, the scale
     * the edge-of-chaos initialisation assumes for the first layer's pre-activations.
     */
    STANDARDIZE("standardize");

    private final String cliName;

    Normalization(String cliName) {
        this.cliName = cliName;
    }

    /** Name on the command line and in specs, e.g. {@code standardize}. */
    public String cliName() {
        return cliName;
    }

    /**
     * The normaliser of this kind for a train split; only {@link #STANDARDIZE} looks at the data.
     *
     * @throws DatasetException when standardising a train split whose pixels are all equal
     */
    public PixelNormalizer fit(Dataset train) {
        if (this != STANDARDIZE) {
            return PixelNormalizer.identity(this);
        }
        // The statistics are exact functions of the 256-bin histogram: integer counts, then two
        // passes over 256 values in double, so they do not drift with the number of pixels.
        long[] histogram = train.pixelHistogram();
        double n = 0;
        double sum = 0;
        for (int v = 0; v < 256; v++) {
            n += histogram[v];
            sum += histogram[v] * (v / 255.0);
        }
        double mean = sum / n;
        double squares = 0;
        for (int v = 0; v < 256; v++) {
            double d = v / 255.0 - mean;
            squares += histogram[v] * d * d;
        }
        double std = Math.sqrt(squares / n);
        if (!(std > 0)) {
            throw new DatasetException(
                    train.name(),
                    "every train pixel equals " + Math.round(mean * 255) + ": cannot standardise; use unit");
        }
        return new PixelNormalizer(STANDARDIZE, mean, std);
    }

    /** Parses a CLI/spec name such as {@code unit}; the error lists the valid names. */
    public static Normalization fromName(String name) {
        for (Normalization kind : values()) {
            if (kind.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown normalisation '" + name + "'; expected one of " + names());
    }

    /** The valid names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(Normalization::cliName).collect(Collectors.joining(", "));
    }
}
