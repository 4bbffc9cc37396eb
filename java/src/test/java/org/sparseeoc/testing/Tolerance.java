package org.sparseeoc.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Per-element numeric comparison |ref − out| ≤ atol + rtol·|ref|, failing with the element's
 * label/index, both values and the tolerance. NaN or infinite outputs never pass against a finite
 * reference.
 */
public record Tolerance(double atol, double rtol) {
    public Tolerance {
        if (!(atol >= 0 && rtol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0");
        }
    }

    /** Absolute tolerance only. */
    public static Tolerance abs(double atol) {
        return new Tolerance(atol, 0);
    }

    /** Relative tolerance only. */
    public static Tolerance rel(double rtol) {
        return new Tolerance(0, rtol);
    }

    /** True when {@code out} is within tolerance of {@code ref} (equal infinities count as equal). */
    public boolean accepts(double ref, double out) {
        if (Double.isInfinite(ref) || Double.isNaN(ref)) {
            return Double.compare(ref, out) == 0;
        }
        return Double.isFinite(out) && Math.abs(ref - out) <= atol + rtol * Math.abs(ref);
    }

    /** Fails unless {@code out} is within tolerance of {@code ref}; {@code what} names the element. */
    public void check(String what, double ref, double out) {
        if (!accepts(ref, out)) {
            fail("%s: ref=%.17g out=%.17g |diff|=%.3g > atol %.3g + rtol %.3g * |ref| (= %.3g)"
                    .formatted(what, ref, out, Math.abs(ref - out), atol, rtol, atol + rtol * Math.abs(ref)));
        }
    }

    /** Element-wise {@link #check} of two arrays of equal length; names the first failing index. */
    public void checkAll(String what, double[] ref, double[] out) {
        if (ref.length != out.length) {
            fail(what + ": length " + out.length + " != reference length " + ref.length);
        }
        for (int i = 0; i < ref.length; i++) {
            check(what + "[" + i + "]", ref[i], out[i]);
        }
    }
}
