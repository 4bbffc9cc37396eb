package org.sparseeoc.backend.cuda;

import java.util.Arrays;

/**
 * The arguments of one kernel launch, typed as the kernel declares them: device pointers (64-bit
 * addresses), int, long ({@code long long} in CUDA) and float. Each argument has a one-letter code
 * ({@code p i l f}); {@link #signature()} is the codes in order, which launchers compare with the
 * kernel's own before launching, since a mistyped argument would be read as garbage.
 */
public final class KernelArgs {
    private final String signature;
    private final long[] values; // ints, longs and addresses as is; floats as their raw int bits

    private KernelArgs(String signature, long[] values) {
        this.signature = signature;
        this.values = values;
    }

    /** An empty argument list to add to in the kernel's parameter order. */
    public static Builder builder() {
        return new Builder();
    }

    /** The type codes of the arguments in order, e.g. {@code "ppl"} for (float*, float*, long long). */
    public String signature() {
        return signature;
    }

    /** Number of arguments. */
    public int size() {
        return values.length;
    }

    /** Argument i: an address or long as is, an int sign-extended, a float as its raw bits. */
    public long value(int i) {
        return values[i];
    }

    @Override
    public String toString() {
        return "KernelArgs[" + signature + "]";
    }

    /** Adds arguments in order; {@link #build} freezes them. */
    public static final class Builder {
        private final StringBuilder signature = new StringBuilder();
        private long[] values = new long[8];

        private Builder() {}

        /** A device pointer (on the emulator: a native memory address). */
        public Builder pointer(long deviceAddress) {
            return add('p', deviceAddress);
        }

        /** A 32-bit int. */
        public Builder i32(int value) {
            return add('i', value);
        }

        /** A 64-bit {@code long long}. */
        public Builder i64(long value) {
            return add('l', value);
        }

        /** A 32-bit float. */
        public Builder f32(float value) {
            return add('f', Float.floatToRawIntBits(value));
        }

        public KernelArgs build() {
            return new KernelArgs(signature.toString(), Arrays.copyOf(values, signature.length()));
        }

        private Builder add(char code, long value) {
            int i = signature.length();
            if (i == values.length) {
                values = Arrays.copyOf(values, 2 * i);
            }
            values[i] = value;
            signature.append(code);
            return this;
        }
    }
}
