package org.sparseeoc.backend;

import org.sparseeoc.activation.Activation;

/**
 * Products of a dense layer z = h·Wᵀ + b whose input h is mostly exact zeros (85–90 % for the
 * activations near their edge of chaos), with h held row-compressed ({@link SparseRows}). A dense
 * GEMM spends 2·B·N_in·N_out flops whatever h holds; these spend 2·nnz(h)·N_out, so at density ρ
 * they do ρ of the arithmetic and can win where that outweighs their lower flop rate (measured in
 * docs/BENCHMARKS.md, "Sparse products (CPU)"). Kept apart from {@link Ops} so that a backend
 * without sparse kernels need not implement them.
 *
 * <p>Shapes, for a layer with B rows in the batch, N_in inputs and N_out outputs (all row-major):
 * h [B × N_in] (compressed), W [N_out × N_in], Wᵀ [N_in × N_out] (its transpose, which is what
 * nn.Mlp stores, so no transpose is needed between steps), δ = ∂L/∂z [B × N_out], b [N_out]. The
 * forward product and the masked input gradient read Wᵀ rather than W because their inner loops then
 * run over contiguous rows of Wᵀ (column j of W is W's row stride apart, so a loop over it cannot be
 * vectorised); the weight gradient comes in both layouts.
 *
 * <p>Conventions as in {@link Ops}: outputs are overwritten (prior contents, even NaN, ignored);
 * buffers must come from the {@link Ops} this instance was made for and must not overlap each other;
 * an instance is used by one thread at a time. Summation order differs from the dense GEMM's, so
 * results agree with it to float32 rounding, not bitwise; for a fixed input they are bit-identical
 * run to run.
 */
public interface SparseOps extends AutoCloseable {

    /**
     * Releases what this instance holds beyond its {@link Ops}' buffers (a library handle, for
     * cuSPARSE); nothing for the built-in kernels, whose scratch buffers belong to the Ops.
     */
    @Override
    default void close() {}

    /** Densities below which these products beat the same backend's dense GEMMs (measured). */
    BreakEven breakEven();

    /** A new empty compressed matrix with room for maxRows × cols (maxRows, cols ≥ 0). */
    SparseRows allocateRows(int maxRows, int cols);

    /**
     * out = the nonzeros of the dense h [rows × out.cols()] (exact zeros, either sign, are dropped).
     * Requires rows ≤ out.maxRows().
     */
    void compressRows(FloatBuffer h, int rows, SparseRows out);

    /**
     * out = the nonzeros of h = φ(z), for z [rows × out.cols()], in one pass over z: the values are
     * exactly those {@link Ops#activationForward} writes, and no dense h is written. Requires rows ≤
     * out.maxRows() and finite z.
     */
    void activationCompress(Activation activation, FloatBuffer z, int rows, SparseRows out);

    /**
     * Forward product z [B × N_out] = h·Wᵀ + b, with B = h.rows(), N_in = h.cols(): z[r, o] = b[o] +
     * Σ_{j ∈ nz(r)} h[r, j]·Wᵀ[j, o]. Only the nonzeros of h contribute: each adds h[r, j] times the
     * contiguous row j of Wᵀ to row r of z. bias may be null (b = 0).
     */
    void sparseDenseForward(SparseRows h, FloatBuffer wT, FloatBuffer bias, FloatBuffer z, int outCols);

    /**
     * Weight gradient dW [N_out × N_in] = δᵀ·h, with δ [B × N_out], B = h.rows(), N_in = h.cols():
     * dW[o, j] = Σ_{r : j ∈ nz(r)} δ[r, o]·h[r, j]. Columns j that are zero in every row get 0.
     */
    void sparseWeightGradient(FloatBuffer delta, SparseRows h, FloatBuffer dW, int outCols);

    /**
     * Weight gradient in the transposed layout, dWᵀ [N_in × N_out] = hᵀ·δ: dWᵀ[j, o] = Σ_{r : j ∈
     * nz(r)} h[r, j]·δ[r, o], with δ [B × N_out], B = h.rows(), N_in = h.cols(). The same numbers as
     * {@link #sparseWeightGradient}, for a layer that stores Wᵀ (nn.Mlp): each row j of dWᵀ is a
     * combination of contiguous rows of δ, written in place, with no transpose.
     */
    void sparseWeightGradientTransposed(FloatBuffer delta, SparseRows h, FloatBuffer dWT, int outCols);

    /**
     * Masked input gradient (SDDMM): dH [B × N_in] with dH[r, j] = δ[r, :]·W[:, j] = Σ_o δ[r, o]·Wᵀ[j,
     * o] at the stored positions j ∈ nz(r) of {@code mask}, and 0 elsewhere; B = mask.rows(), N_in =
     * mask.cols(). Why it suffices: the layer below needs dz = dH·φ'(z), and φ'(z) = 0 wherever h =
     * φ(z) = 0 for every activation here, so with mask = h the positions skipped are ones the
     * activation's backward op zeroes anyway (it still has to run, for the clipped positions where h
     * ≠ 0 but φ' = 0). The values of the mask are not used.
     */
    void maskedInputGradient(FloatBuffer delta, FloatBuffer wT, SparseRows mask, FloatBuffer dH, int outCols);
}
