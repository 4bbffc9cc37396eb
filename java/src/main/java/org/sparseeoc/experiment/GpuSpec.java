package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparseeoc.backend.cuda.GemmLibrary;
import org.sparseeoc.backend.cuda.SparseLibrary;

/**
 * How the CUDA backend computes dense products; ignored when the run computes on the CPU. Which
 * GEMM actually ran is recorded in provenance ({@code backend.gemm}).
 *
 * @param gemm {@code auto} (cuBLAS when {@code libcublas.so.12} loads, else the built-in kernel),
 *     {@code cublas} (cuBLAS or a spec error) or {@code builtin} (default auto)
 * @param tf32 let cuBLAS use TF32 tensor cores, which round GEMM inputs to 10-bit mantissas (faster
 *     on Ampere and later, but no longer what the FP32 CPU reference computes) (default false)
 * @param sparseLibrary the sparse products an MLP uses where its dispatch ({@code sparse}) picks the
 *     sparse path: {@code builtin} (this project's kernels) or {@code cusparse} (NVIDIA's, the
 *     baseline; a spec error where libcusparse.so.12 does not load) (default builtin)
 */
public record GpuSpec(GemmLibrary gemm, boolean tf32, SparseLibrary sparseLibrary) {
    public static final GpuSpec DEFAULTS = new GpuSpec(GemmLibrary.AUTO, false, SparseLibrary.BUILTIN);

    public GpuSpec {
        Check.required("gemm", gemm, "auto, cublas or builtin");
        Check.required("sparseLibrary", sparseLibrary, "builtin or cusparse");
        if (tf32 && gemm == GemmLibrary.BUILTIN) {
            throw new SpecException(
                    "tf32",
                    "TF32 is a cuBLAS mode and gemm is \"builtin\" (full FP32): set gemm to \"auto\" or"
                            + " \"cublas\", or leave tf32 out");
        }
    }

    @JsonCreator
    private static GpuSpec json(
            @JsonProperty("gemm") GemmLibrary gemm,
            @JsonProperty("tf32") Boolean tf32,
            @JsonProperty("sparseLibrary") SparseLibrary sparseLibrary) {
        return new GpuSpec(
                Check.orDefault(gemm, DEFAULTS.gemm()),
                Check.orDefault(tf32, DEFAULTS.tf32()),
                Check.orDefault(sparseLibrary, DEFAULTS.sparseLibrary()));
    }
}
