package org.sparseeoc.backend.cuda;

import java.util.Locale;

/**
 * Every kernel in {@code cuda/*.cu}: the constant's lower-case name is the kernel's {@code extern
 * "C"} symbol, {@link #family()} the {@code .cu} file (and PTX module) that defines it, and {@link
 * #signature()} its parameter types as {@link KernelArgs#signature()} codes. A real launch is not
 * type-checked by the driver (cuLaunchKernel reads the parameters as the kernel declares them), so
 * {@link Device} implementations compare {@link KernelArgs#signature()} with this one before every
 * launch; the emulated device also checks at creation that these signatures equal the compiled
 * kernels' own (a test compares the list with the build's manifest).
 */
public enum Kernel {
    RELU_FORWARD("activations", "ppl"),
    RELU_BACKWARD("activations", "pppl"),
    RELU_TAU_FORWARD("activations", "fppl"),
    RELU_TAU_BACKWARD("activations", "fpppl"),
    ST_FORWARD("activations", "fppl"),
    ST_BACKWARD("activations", "fpppl"),
    CRELU_FORWARD("activations", "ffppl"),
    CRELU_BACKWARD("activations", "ffpppl"),
    CST_FORWARD("activations", "ffppl"),
    CST_BACKWARD("activations", "ffpppl"),
    ACTIVATION_STATS("activations", "iffplp"),
    BIAS_ADD("bias", "ppii"),
    BIAS_GRADIENT("bias", "ppii"),
    SOFTMAX_CROSS_ENTROPY("loss", "pppiifpp"),
    SGD_MOMENTUM_STEP("optimizers", "ppplfffi"),
    ADAM_STEP("optimizers", "pppplfffffff"),
    FILL("reductions", "plf"),
    SCALE("reductions", "plf"),
    SUM_OF_SQUARES("reductions", "plp"),
    REDUCE_PARTIALS("reductions", "pip"),
    IM2COL("conv", "ppiiiiiii"),
    COL2IM("conv", "ppiiiiiii"),
    BATCHED_TRANSPOSE("conv", "ppiii"),
    SGEMM("gemm", "iiiiifpipifpi"),
    COMPRESS_COUNT("sparse", "iffpiip"),
    COMPRESS_OFFSETS("sparse", "pi"),
    COMPRESS_FILL("sparse", "iffpiippp"),
    SPARSE_DENSE_FORWARD("sparse", "pppipippi"),
    SPARSE_WEIGHT_GRADIENT("sparse", "pppiippi"),
    MASKED_INPUT_GRADIENT("sparse", "ppiipppi");

    private final String family;
    private final String signature;

    Kernel(String family, String signature) {
        this.family = family;
        this.signature = signature;
    }

    /** The {@code extern "C"} name, e.g. {@code relu_forward}. */
    public String symbol() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code .cu} file without extension, e.g. {@code activations}: the PTX module to load. */
    public String family() {
        return family;
    }

    /** The parameter type codes ({@code p i l f}) in declaration order. */
    public String signature() {
        return signature;
    }
}
