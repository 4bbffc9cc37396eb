package org.sparseeoc.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The loops of {@link CpuSparseOps}, with their grow-only heap scratch (steady-state calls allocate
 * nothing). Every inner loop runs over contiguous heap {@code float[]} rows so that C2 vectorises
 * it; native operands are copied in row by row with {@link MemorySegment#copy} (an intrinsic
 * memcpy), as {@link Tiles} does for the elementwise ops. The multiply-add loops also read and
 * write only arrays that start at a constant offset ({@code acc[i]}, {@code p[q·CHUNK + i]}): the
 * same loop over rows at variable offsets into one big array ({@code acc[off + i] += v·d[o + i]})
 * measured 3–5× slower (bench sparse, width 300 and 1024, batch 128), so each operand row is first
 * copied into a fixed slot of a scratch array.
 *
 * <p>Loop structures, and why:
 *
 * <ul>
 *   <li>Forward, z[r, :] = b + Σ_{j ∈ nz(r)} h[r, j]·Wᵀ[j, :]: a piece of row r of z is an
 *       accumulator that stays in L1 while the rows of Wᵀ for the nonzeros of h[r, :] stream past it, four at a
 *       time (acc += v₀w₀ + v₁w₁ + v₂w₂ + v₃w₃ loads the accumulator once per four products, not
 *       once per product). Columns are taken {@link #CHUNK} at a time so that the accumulator and
 *       the four Wᵀ pieces fit in L1 together.
 *   <li>Weight gradient, dWᵀ[j, :] = Σ_{r : j ∈ nz(r)} h[r, j]·δ[r, :]: the CSR of h is
 *       transposed (a counting sort, O(nnz + N_in)) so that each column j of h is a list of rows;
 *       then each row of dWᵀ is built as in the forward loop, from rows of δ. In the transposed
 *       layout (what nn.Mlp stores) each row is written where it is built; for dW [N_out × N_in], δ
 *       is copied to the heap once, dWᵀ is built {@link #BLOCK} rows at a time and written
 *       transposed into a heap image of dW, copied out in one piece.
 *   <li>Masked input gradient, dH[r, j] = δ[r, :]·Wᵀ[j, :] for j ∈ nz(r): a dot product of two
 *       contiguous rows. C2 does not vectorise a float sum (it must keep the order), so the dot is
 *       accumulated in {@link #LANES} independent partial sums, p[l] += a[i + l]·b[i + l], which is
 *       an elementwise loop it does vectorise, then the partials are added. Four mask entries are
 *       taken at a time, so each element of δ[r, :] is loaded once for four dots. This loop still
 *       reads at a variable offset (i) and runs at only 2–4 GFLOP/s: the slowest of the three.
 * </ul>
 */
final class SparseKernels implements SparseLoops {
    /** Output columns per forward pass over a row's nonzeros: 4 KiB pieces of Wᵀ, 20 KiB in L1. */
    static final int CHUNK = 1024;

    /** Rows of dWᵀ built before they are written transposed into dW. */
    static final int BLOCK = 16;

    /** Independent partial sums of a dot product (a multiple of every vector width). */
    static final int LANES = 32;

    /** [≥ N] one dense row: z or h of the row being compressed; δ's row in the masked gradient. */
    private float[] rowA = new float[0];

    /** [≥ N] a second dense row: h = φ(z) while compressing; dH's row in the masked gradient. */
    private float[] rowB = new float[0];

    /** [4 × CHUNK] pieces of four rows of Wᵀ (forward) or δ (weight gradient); [≥ 4·N_out] four Wᵀ rows (masked gradient). */
    private float[] w = new float[4 * CHUNK];

    /** [CHUNK] an accumulator piece: of a row of z (forward) or of dWᵀ (weight gradient). */
    private final float[] chunk = new float[CHUNK];

    /** [4 × LANES] partial sums of four dot products. */
    private final float[] partial4 = new float[4 * LANES];

    /** [≥ B·N_out] δ on the heap (weight gradient). */
    private float[] delta = new float[0];

    /** The transposed CSR (CSC) of h (weight gradient). */
    private final Csc csc = new Csc();

    /** [≥ BLOCK·N_out] rows of dWᵀ; [≥ N_out·N_in] the heap image of dW (weight gradient). */
    private float[] block = new float[0];

    private float[] image = new float[0];

    @Override
    public String describe() {
        return "scalar (C2-vectorised Java loops, 1 thread)";
    }

    /** Nothing to release: these loops run on the calling thread. */
    @Override
    public void close() {}

    // ---- compression ----------------------------------------------------------------------------

    /** out = nonzeros of h [rows × out.cols] (native). */
    @Override
    public void compress(MemorySegment h, int rows, HostSparseRows out) {
        int cols = out.cols();
        float[] row = rowA = grow(rowA, cols);
        int k = 0;
        for (int r = 0; r < rows; r++) {
            Tiles.load(h, (long) r * cols, row, cols);
            k = compact(row, cols, out.col, out.val, k);
            out.rowStart[r + 1] = k;
        }
        out.filled(rows);
    }

    /** out = nonzeros of φ(z), z [rows × out.cols] (native), φ as ActivationKernels.forward. */
    @Override
    public void activationCompress(boolean odd, float tau, float clip, MemorySegment z, int rows, HostSparseRows out) {
        int cols = out.cols();
        float[] zRow = rowA = grow(rowA, cols);
        float[] hRow = rowB = grow(rowB, cols);
        int k = 0;
        for (int r = 0; r < rows; r++) {
            Tiles.load(z, (long) r * cols, zRow, cols);
            ActivationKernels.forwardTile(odd, tau, clip, zRow, hRow, cols);
            k = compact(hRow, cols, out.col, out.val, k);
            out.rowStart[r + 1] = k;
        }
        out.filled(rows);
    }

    /**
     * Appends the nonzeros of row[0..cols) at entry k and returns the new end. Branch-free (a
     * data-dependent branch mispredicts at every density between the extremes): every element is
     * written at k, and k advances only past nonzeros, so the next element overwrites a zero.
     * Writes stay below k + cols, inside the row's maximal extent.
     */
    private static int compact(float[] row, int cols, int[] col, float[] val, int k) {
        for (int j = 0; j < cols; j++) {
            float v = row[j];
            col[k] = j;
            val[k] = v;
            k += v != 0f ? 1 : 0;
        }
        return k;
    }

    // ---- forward --------------------------------------------------------------------------------

    /** z [B × nOut] = h·Wᵀ + bias; wT [nIn × nOut], bias [nOut] or null (native). */
    @Override
    public void forward(HostSparseRows h, MemorySegment wT, MemorySegment bias, MemorySegment z, int nOut) {
        combineRows(h.rows, h.rowStart, h.col, h.val, wT, bias, z, nOut);
    }

    /**
     * out[r, :] = bias + Σ_{k ∈ [start[r], start[r + 1])} val[k]·src[index[k], :] for r &lt; rows:
     * each output row a combination of rows of src [· × nOut] (native), out [rows × nOut] (native),
     * bias [nOut] or null. The forward product (CSR of h, src = Wᵀ) and the transposed weight
     * gradient (CSC of h, src = δ) are both this loop.
     */
    private void combineRows(
            int rows,
            int[] start,
            int[] index,
            float[] val,
            MemorySegment src,
            MemorySegment bias,
            MemorySegment out,
            int nOut) {
        float[] acc = chunk; // [CHUNK] columns c0.. of row r of out
        float[] pieces = w = grow(w, 4 * CHUNK); // [4 × CHUNK] pieces of four rows of src
        for (int r = 0; r < rows; r++) {
            int begin = start[r];
            int end = start[r + 1];
            for (int c0 = 0; c0 < nOut; c0 += CHUNK) {
                int len = Math.min(CHUNK, nOut - c0);
                if (bias != null) {
                    Tiles.load(bias, c0, acc, len);
                } else {
                    Arrays.fill(acc, 0, len, 0f);
                }
                int k = begin;
                for (; k + 4 <= end; k += 4) {
                    for (int q = 0; q < 4; q++) {
                        copyRow(src, (long) index[k + q] * nOut + c0, pieces, q * CHUNK, len);
                    }
                    axpy4(acc, val[k], val[k + 1], val[k + 2], val[k + 3], pieces, len);
                }
                for (; k < end; k++) {
                    copyRow(src, (long) index[k] * nOut + c0, pieces, 0, len);
                    axpy1(acc, val[k], pieces, len);
                }
                Tiles.store(acc, out, (long) r * nOut + c0, len);
            }
        }
    }

    /**
     * acc[i] += v₀p[i] + v₁p[C + i] + v₂p[2C + i] + v₃p[3C + i] for i &lt; len, C = CHUNK. Every
     * operand starts at a constant offset: measured, C2 runs this loop several times slower when
     * the accumulator or a row starts at a variable offset into its array.
     */
    private static void axpy4(float[] acc, float v0, float v1, float v2, float v3, float[] p, int len) {
        for (int i = 0; i < len; i++) {
            acc[i] += v0 * p[i] + v1 * p[CHUNK + i] + v2 * p[2 * CHUNK + i] + v3 * p[3 * CHUNK + i];
        }
    }

    /** acc[i] += v·x[i] for i &lt; len. */
    private static void axpy1(float[] acc, float v, float[] x, int len) {
        for (int i = 0; i < len; i++) {
            acc[i] += v * x[i];
        }
    }

    // ---- weight gradient ------------------------------------------------------------------------

    /** dW [nOut × nIn] = δᵀ·h; δ [B × nOut] (native). */
    @Override
    public void weightGradient(MemorySegment deltaSeg, HostSparseRows h, MemorySegment dW, int nOut) {
        int rows = h.rows;
        int nIn = h.cols();
        float[] d = delta = grow(delta, rows * nOut); // [B × nOut] δ
        Tiles.load(deltaSeg, 0, d, rows * nOut);
        Csc transposed = csc.of(h);
        int[] colStart = transposed.colStart;
        int[] cscRow = transposed.row;
        float[] cscVal = transposed.val;
        float[] t = block = grow(block, BLOCK * nOut); // [BLOCK × nOut] rows j0.. of dWᵀ
        float[] out = image = grow(image, nOut * nIn); // [nOut × nIn] dW
        float[] acc = chunk; // [CHUNK] columns c0.. of one row of dWᵀ
        float[] pieces = w; // [4 × CHUNK] pieces of four rows of δ
        for (int j0 = 0; j0 < nIn; j0 += BLOCK) {
            int jn = Math.min(BLOCK, nIn - j0);
            for (int jj = 0; jj < jn; jj++) {
                int begin = colStart[j0 + jj];
                int end = colStart[j0 + jj + 1];
                for (int c0 = 0; c0 < nOut; c0 += CHUNK) {
                    int len = Math.min(CHUNK, nOut - c0);
                    Arrays.fill(acc, 0, len, 0f);
                    int k = begin;
                    for (; k + 4 <= end; k += 4) {
                        for (int q = 0; q < 4; q++) {
                            System.arraycopy(d, cscRow[k + q] * nOut + c0, pieces, q * CHUNK, len);
                        }
                        axpy4(acc, cscVal[k], cscVal[k + 1], cscVal[k + 2], cscVal[k + 3], pieces, len);
                    }
                    for (; k < end; k++) {
                        System.arraycopy(d, cscRow[k] * nOut + c0, pieces, 0, len);
                        axpy1(acc, cscVal[k], pieces, len);
                    }
                    System.arraycopy(acc, 0, t, jj * nOut + c0, len);
                }
            }
            for (int o = 0; o < nOut; o++) {
                int base = o * nIn + j0;
                for (int jj = 0; jj < jn; jj++) {
                    out[base + jj] = t[jj * nOut + o];
                }
            }
        }
        Tiles.store(out, dW, 0, nOut * nIn);
    }

    /**
     * dWᵀ [nIn × nOut] = hᵀ·δ; δ [B × nOut] (native): row j of dWᵀ is Σ_{r : j ∈ nz(r)} h[r, j]·δ[r,
     * :], the forward loop over the CSC of h with δ in place of Wᵀ. Rows of dWᵀ are written where
     * they are built, so unlike {@link #weightGradient} nothing is transposed or staged.
     */
    @Override
    public void weightGradientTransposed(MemorySegment deltaSeg, HostSparseRows h, MemorySegment dWT, int nOut) {
        Csc t = csc.of(h);
        combineRows(h.cols(), t.colStart, t.row, t.val, deltaSeg, null, dWT, nOut);
    }

    /** The CSC of h, in this object's scratch (valid until the next call). */
    Csc csc(HostSparseRows h) {
        return csc.of(h);
    }

    // ---- masked input gradient ------------------------------------------------------------------

    /** dH [B × nIn] = (δ·W) at the entries of mask, 0 elsewhere; δ [B × nOut], wT [nIn × nOut]. */
    @Override
    public void maskedInputGradient(
            MemorySegment deltaSeg, MemorySegment wT, HostSparseRows mask, MemorySegment dH, int nOut) {
        int nIn = mask.cols();
        float[] d = rowA = grow(rowA, nOut); // [nOut] δ[r, :]
        float[] out = rowB = grow(rowB, nIn); // [nIn] dH[r, :]
        float[] rows4 = w = grow(w, 4 * nOut); // [4 × nOut] Wᵀ rows of four mask entries
        int[] col = mask.col;
        for (int r = 0; r < mask.rows; r++) {
            Tiles.load(deltaSeg, (long) r * nOut, d, nOut);
            Arrays.fill(out, 0, nIn, 0f);
            int k = mask.rowStart[r];
            int end = mask.rowStart[r + 1];
            for (; k + 4 <= end; k += 4) {
                for (int q = 0; q < 4; q++) {
                    copyRow(wT, (long) col[k + q] * nOut, rows4, q * nOut, nOut);
                }
                dot4(d, rows4, nOut, out, col[k], col[k + 1], col[k + 2], col[k + 3]);
            }
            for (; k < end; k++) {
                copyRow(wT, (long) col[k] * nOut, rows4, 0, nOut);
                out[col[k]] = dot(d, rows4, nOut);
            }
            Tiles.store(out, dH, (long) r * nIn, nIn);
        }
    }

    /**
     * out[j_q] = Σ_i a[i]·b[q·n + i] for the four rows q of b: one pass over a for four dots, in
     * {@link #LANES} partial sums each (then added in order; the tail of n is added last, as in
     * {@link #dot}, so each result is bitwise what dot would give).
     */
    private void dot4(float[] a, float[] b, int n, float[] out, int j0, int j1, int j2, int j3) {
        float[] p = partial4;
        Arrays.fill(p, 0f);
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            for (int l = 0; l < LANES; l++) {
                float x = a[i + l];
                p[l] += x * b[i + l];
                p[LANES + l] += x * b[n + i + l];
                p[2 * LANES + l] += x * b[2 * n + i + l];
                p[3 * LANES + l] += x * b[3 * n + i + l];
            }
        }
        out[j0] = finish(a, b, 0, n, i, p, 0);
        out[j1] = finish(a, b, n, n, i, p, LANES);
        out[j2] = finish(a, b, 2 * n, n, i, p, 2 * LANES);
        out[j3] = finish(a, b, 3 * n, n, i, p, 3 * LANES);
    }

    /** Σ_{i ≥ from} a[i]·b[bOff + i] (the tail), then + p[pOff + l] for l &lt; LANES, in order. */
    private static float finish(float[] a, float[] b, int bOff, int n, int from, float[] p, int pOff) {
        float s = 0;
        for (int i = from; i < n; i++) {
            s += a[i] * b[bOff + i];
        }
        for (int l = 0; l < LANES; l++) {
            s += p[pOff + l];
        }
        return s;
    }

    /** Σ_i a[i]·b[i] for i &lt; n, in {@link #LANES} partial sums then a sequential sum of them. */
    private float dot(float[] a, float[] b, int n) {
        float[] p = partial4;
        Arrays.fill(p, 0, LANES, 0f);
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            for (int l = 0; l < LANES; l++) {
                p[l] += a[i + l] * b[i + l];
            }
        }
        return finish(a, b, 0, n, i, p, 0);
    }

    /** dst[dstOff..dstOff + len) = src[offset..offset + len) (float elements). */
    private static void copyRow(MemorySegment src, long offset, float[] dst, int dstOff, int len) {
        MemorySegment.copy(src, JAVA_FLOAT, offset * Float.BYTES, dst, dstOff, len);
    }

    private static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    private static int[] grow(int[] a, int n) {
        return a.length >= n ? a : new int[n];
    }
}
