package org.sparseeoc.activation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The activation families, with the names used on the command line and in experiment specs. */
public enum ActivationKind {
    /** max(0, x): the dense baseline, sparsity 1/2 at any variance. */
    RELU("relu", false, false),
    /** Shifted ReLU max(0, x − τ). */
    RELU_TAU("relu-tau", false, false),
    /** Soft threshold sign(x)·max(0, |x| − τ). */
    ST("st", true, false),
    /** Clipped shifted ReLU min(max(0, x − τ), m). */
    CRELU("crelu", false, true),
    /** Clipped soft threshold sign(x)·min(max(0, |x| − τ), m). */
    CST("cst", true, true);

    private final String cliName;
    private final boolean odd;
    private final boolean clipped;

    ActivationKind(String cliName, boolean odd, boolean clipped) {
        this.cliName = cliName;
        this.odd = odd;
        this.clipped = clipped;
    }

    /** Name on the command line and in specs, e.g. {@code crelu}. */
    public String cliName() {
        return cliName;
    }

    /** True for the odd (soft-threshold) family, whose zero set is |x| ≤ τ. */
    public boolean odd() {
        return odd;
    }

    /** True when the family has a magnitude clip m. */
    public boolean clipped() {
        return clipped;
    }

    /** True when the threshold τ is a free parameter (every family but plain ReLU). */
    public boolean thresholded() {
        return this != RELU;
    }

    /**
     * The activation of this family with threshold τ and clip m. Unused parameters must be 0 (τ for
     * ReLU) or +∞ (m for unclipped families); anything else is an error, not silently ignored.
     */
    public Activation create(double tau, double clip) {
        return switch (this) {
            case RELU -> {
                if (tau != 0 || clip != Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException(
                            "relu has no threshold or clip (got tau=" + tau + ", m=" + clip + ")");
                }
                yield new Relu();
            }
            case RELU_TAU -> {
                OneSidedProfile.validate(tau, clip, false); // a finite clip is an error, not ignored
                yield new ShiftedRelu(tau);
            }
            case ST -> {
                OneSidedProfile.validate(tau, clip, false);
                yield new SoftThreshold(tau);
            }
            case CRELU -> new ClippedRelu(tau, clip);
            case CST -> new ClippedSoftThreshold(tau, clip);
        };
    }

    /** Parses a CLI/spec name such as {@code crelu}; the error lists the valid names. */
    public static ActivationKind fromName(String name) {
        for (ActivationKind kind : values()) {
            if (kind.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; expected one of " + names());
    }

    /** The valid names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(ActivationKind::cliName).collect(Collectors.joining(", "));
    }
}
