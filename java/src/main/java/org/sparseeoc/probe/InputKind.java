package org.sparseeoc.probe;

/** Which inputs a probe pushes through the network. */
public enum InputKind {
    /** The spec's training inputs, normalised and input-scaled exactly as training sees them. */
    DATA,
    /** I.i.d. N(0, I) inputs scaled so the first layer's variance is the requested start (q* by default). */
    GAUSSIAN;

    /** The name used in file names and printed output, e.g. {@code gaussian}. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
