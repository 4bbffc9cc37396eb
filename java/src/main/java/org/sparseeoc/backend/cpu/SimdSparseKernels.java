package org.sparseeoc.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multiply-add loops of {@link CpuSparseOps} written with the Vector API ({@code
 * jdk.incubator.vector}), which reads the native operands in place and keeps accumulators in vector
 * registers across a loop over nonzeros: what C2's auto-vectoriser cannot do for {@link
 * SparseKernels} (there, every product reads and writes an accumulator row in L1, and every operand
 * row is first copied to the heap). The CSC transpose, the [N_out × N_in] weight gradient (not used
 * in training) and layers narrower than one vector are left to SparseKernels, whose loops are the
 * reference these are tested against.
 *
 * <p>Loop structures, and why:
 *
 * <ul>
 *   <li>Compression (h = φ(z) kept as CSR): a vector of z at a time, φ in registers, the nonzero
 *       lanes packed with {@code compress} (AVX-512's vcompressps). Only with 512-bit vectors:
 *       with narrower ones (AVX2, NEON) the JDK has no compress instruction to map it to and falls
 *       back to slow Java, so those keep SparseKernels' branch-free scalar compaction.
 *   <li>Forward, z[r, c] = b[c] + Σ_{j ∈ nz(r)} h[r, j]·Wᵀ[j, c], and the transposed weight
 *       gradient, dWᵀ[j, c] = Σ_{r : j ∈ nz(r)} h[r, j]·δ[r, c], are one loop ({@link
 *       #combineRows}): output columns are taken {@link #VECTORS} vectors at a time (128 columns on
 *       AVX-512); for one such panel, every output row's accumulators stay in registers while the
 *       panel pieces of the source rows named by its nonzeros stream past (one load and one fused
 *       multiply-add per vector and nonzero; nothing stored until the row is done). The source
 *       panel (up to {@link #SOURCE_BLOCK} rows × 128 floats, 512 KiB) stays in L2 while all
 *       batch rows use it, instead of each batch row pulling all of Wᵀ through the cache.
 *   <li>Masked input gradient, dH[r, j] = δ[r, :]·Wᵀ[j, :] for j ∈ nz(r): four dot products at a
 *       time in four vector accumulators, the operand they share loaded once for the four, by row
 *       of the mask or, for a batch smaller than N_in, by column (so that Wᵀ streams through once);
 *       lanes summed in a fixed pairwise order ({@link #sum}).
 * </ul>
 *
 * <p>Summation order differs from SparseKernels (per-lane partial sums), so results agree with it
 * to float32 rounding, not bit for bit; for a given vector width they are the same run to run.
 */
final class SimdSparseKernels implements SparseLoops {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Lanes of one vector (16 with AVX-512, 8 with AVX2). */
    private static final int LANES = SPECIES.length();

    /** Accumulator vectors per output panel: 8 of the 16 (AVX2) or 32 (AVX-512) vector registers. */
    static final int VECTORS = 8;

    /** Output columns per panel. */
    private static final int PANEL = VECTORS * LANES;

    /** Bytes of one panel row. */
    private static final long PANEL_BYTES = (long) PANEL * Float.BYTES;

    /** Source rows per block of {@link #combineRange}: a 512 KiB panel of src, half of L2. */
    private static final int SOURCE_BLOCK = (int) ((512 << 10) / PANEL_BYTES);

    /**
     * Output rows from which {@link #combineRange} packs its source panel first: each packed row is
     * then read by about rows × density of them (≈ 2.4 at 16 rows and density 0.15), which repays
     * the copy; with fewer rows the copy would cost more than it saves.
     */
    private static final int PACK_MIN_ROWS = 16;

    /** Int lanes matching the float lanes one for one (column indices in compression). */
    private static final VectorSpecies<Integer> INT_SPECIES = SPECIES.withLanes(int.class);

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /**
     * FRESH[t]: 0 on the first LANES − t lanes and 1 on the last t, which picks out the t columns a
     * row's last, overlapping vector adds (t = n mod LANES ≥ 1; FRESH[0] is unused).
     */
    private static final FloatVector[] FRESH = new FloatVector[LANES];

    static {
        for (int t = 1; t < LANES; t++) {
            FRESH[t] = FloatVector.broadcast(SPECIES, 1f).blend(0f, SPECIES.indexInRange(0, LANES - t));
        }
    }

    /** Shuffle i moves lane l + LANES/2^(i+1) to lane l; null when LANES is not a power of two. */
    private static final List<VectorShuffle<Float>> HALVES = halves();

    /** Whether compression packs lanes with {@code compress} (512-bit vectors only; see above). */
    private static final boolean VECTOR_COMPRESS = SPECIES.vectorBitSize() >= 512;

    /** Output rows split over this many threads (forward, transposed weight gradient, masked dH). */
    private final RowParallel parallel;

    /** Per part: [rows of the part] where each row's nonzeros stopped ({@link #combineRange}). */
    private final int[][] cursors;

    /**
     * Per part: [SOURCE_BLOCK × PANEL] floats, 64-byte aligned: a packed source panel. From a shared
     * arena like CpuOps' buffers, so that the loads in the k loop see one kind of segment (with an
     * automatic arena's segments mixed in, C2 at times compiled those loops 5–10× slower).
     */
    private final MemorySegment[] packed;

    private final Arena arena = Arena.ofShared();

    /** The CSC transpose, the [N_out × N_in] weight gradient, and every product when N_out &lt; LANES. */
    private final SparseKernels shared = new SparseKernels();

    /** Loops whose products split their output rows over {@code threads} threads (≥ 1). */
    SimdSparseKernels(int threads) {
        this.parallel = new RowParallel(threads);
        this.cursors = new int[threads][0];
        this.packed = new MemorySegment[threads];
        for (int p = 0; p < threads; p++) {
            packed[p] = arena.allocate(SOURCE_BLOCK * PANEL_BYTES, 64);
        }
    }

    @Override
    public String describe() {
        return "simd (jdk.incubator.vector, " + SPECIES.vectorBitSize() + "-bit, " + LANES + " float lanes, "
                + parallel.threads() + (parallel.threads() == 1 ? " thread)" : " threads)");
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            parallel.close();
            arena.close();
        }
    }

    @Override
    public void compress(MemorySegment h, int rows, HostSparseRows out) {
        if (VECTOR_COMPRESS) {
            compressRows(Phi.IDENTITY, 0f, Float.POSITIVE_INFINITY, h, rows, out);
        } else {
            shared.compress(h, rows, out);
        }
    }

    @Override
    public void activationCompress(boolean odd, float tau, float clip, MemorySegment z, int rows, HostSparseRows out) {
        if (VECTOR_COMPRESS) {
            compressRows(odd ? Phi.ODD : Phi.ONE_SIDED, tau, clip, z, rows, out);
        } else {
            shared.activationCompress(odd, tau, clip, z, rows, out);
        }
    }

    /** What compression applies to each element before keeping the nonzeros. */
    private enum Phi {
        /** h itself. */
        IDENTITY,
        /** min(max(z − τ, 0), m), as ActivationKernels' one-sided forward. */
        ONE_SIDED,
        /** min(max(z − τ, 0), m) + max(min(z + τ, 0), −m), as ActivationKernels' odd forward. */
        ODD;

        /** h[0..len) = φ(z[0..len)) with the scalar ops themselves (a row's last, partial vector). */
        void applyTile(float tau, float clip, float[] z, float[] h, int len) {
            switch (this) {
                case IDENTITY -> System.arraycopy(z, 0, h, 0, len);
                case ONE_SIDED -> ActivationKernels.forwardTile(false, tau, clip, z, h, len);
                case ODD -> ActivationKernels.forwardTile(true, tau, clip, z, h, len);
            }
        }
    }

    /**
     * out = nonzeros of φ(x), x [rows × out.cols] (native), a vector of x at a time: φ in registers
     * (lanewise min/max with Math.min/max semantics, so bit for bit ActivationKernels' values), then
     * the nonzero lanes and their column indices packed to the front ({@code compress}, one AVX-512
     * instruction) and stored whole at the current end k, which advances by their count; the next
     * store overwrites the rest (HostSparseRows keeps SLACK entries free for the last one). No
     * dense h is written and nothing branches on the data. Columns past the last whole vector go
     * one at a time.
     */
    private static void compressRows(Phi phi, float tau, float clip, MemorySegment x, int rows, HostSparseRows out) {
        int cols = out.cols();
        int full = cols - cols % LANES;
        int[] col = out.col;
        float[] val = out.val;
        IntVector lane = IntVector.zero(INT_SPECIES).addIndex(1); // 0, 1, …, LANES − 1
        float[] zTail = new float[LANES]; // [cols − full] the row's last columns, and their φ
        float[] hTail = new float[LANES];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            long row = (long) r * cols * Float.BYTES;
            int j = 0;
            for (; j < full; j += LANES) {
                FloatVector h = phi(phi, tau, clip, load(x, row + (long) j * Float.BYTES));
                VectorMask<Float> nonzero = h.compare(VectorOperators.NE, 0f);
                h.compress(nonzero).intoArray(val, k);
                lane.add(j).compress(nonzero.cast(INT_SPECIES)).intoArray(col, k);
                k += nonzero.trueCount();
            }
            if (full < cols) {
                MemorySegment.copy(x, JAVA_FLOAT, row + (long) full * Float.BYTES, zTail, 0, cols - full);
                phi.applyTile(tau, clip, zTail, hTail, cols - full);
                for (int t = 0; t < cols - full; t++) {
                    col[k] = full + t;
                    val[k] = hTail[t];
                    k += hTail[t] != 0f ? 1 : 0;
                }
            }
            out.rowStart[r + 1] = k;
        }
        out.filled(rows);
    }

    private static FloatVector phi(Phi phi, float tau, float clip, FloatVector z) {
        return switch (phi) {
            case IDENTITY -> z;
            case ONE_SIDED -> z.sub(tau).max(0f).min(clip);
            case ODD -> z.sub(tau).max(0f).min(clip).add(z.add(tau).min(0f).max(-clip));
        };
    }

    @Override
    public void forward(HostSparseRows h, MemorySegment wT, MemorySegment bias, MemorySegment z, int nOut) {
        if (nOut < LANES) {
            shared.forward(h, wT, bias, z, nOut);
            return;
        }
        combineRows(h.rows, h.rowStart, h.col, h.val, wT, h.cols(), bias, z, nOut);
    }

    @Override
    public void weightGradient(MemorySegment delta, HostSparseRows h, MemorySegment dW, int nOut) {
        shared.weightGradient(delta, h, dW, nOut);
    }

    @Override
    public void weightGradientTransposed(MemorySegment delta, HostSparseRows h, MemorySegment dWT, int nOut) {
        if (nOut < LANES) {
            shared.weightGradientTransposed(delta, h, dWT, nOut);
            return;
        }
        Csc csc = shared.csc(h);
        combineRows(h.cols(), csc.colStart, csc.row, csc.val, delta, h.rows, null, dWT, nOut);
    }

    /**
     * out[r, :] = bias + Σ_{k ∈ [start[r], start[r + 1])} val[k]·src[index[k], :] for r &lt; rows;
     * src [srcRows × nOut], out [rows × nOut] (native), bias [nOut] or null; nOut ≥ LANES; each
     * row's index increasing. The rows are split over the threads.
     */
    private void combineRows(
            int rows,
            int[] start,
            int[] index,
            float[] val,
            MemorySegment src,
            int srcRows,
            MemorySegment bias,
            MemorySegment out,
            int nOut) {
        for (int p = 0; p < cursors.length; p++) {
            if (cursors[p].length < rows) {
                cursors[p] = new int[rows]; // a part never has more rows than the call
            }
        }
        parallel.run(
                rows,
                (part, from, to) -> combineRange(
                        cursors[part], packed[part], from, to, start, index, val, src, srcRows, bias, out, nOut));
    }

    /**
     * {@link #combineRows} for output rows [from, to): panel by panel of PANEL columns (the last one
     * by {@link #tailPanel}), and within a panel, block by block of {@link #SOURCE_BLOCK} source
     * rows, so that the part of src in use (SOURCE_BLOCK × PANEL floats, 512 KiB) stays in L2
     * however tall src is. With {@link #PACK_MIN_ROWS} or more output rows, that part is first
     * copied into {@code packed}, contiguous: src's own rows are a row length apart, and when that
     * is a power of two (N_out = 1024, 4096) their pieces all fall into a few sets of the 16-way
     * L2, which then holds a fraction of the panel (measured: the forward product at N = 4096 ran
     * at half the rate of N = 300 before packing). A row's accumulators go to out at the end of each
     * block and come back for the next; {@code cursor[r − from]} keeps where its nonzeros stopped
     * (index is increasing, so each block's entries are a contiguous run). Storing and reloading a
     * float is exact, so the result is bit for bit that of a single unpacked block.
     */
    private static void combineRange(
            int[] cursor,
            MemorySegment packed,
            int from,
            int to,
            int[] start,
            int[] index,
            float[] val,
            MemorySegment src,
            int srcRows,
            MemorySegment bias,
            MemorySegment out,
            int nOut) {
        long rowBytes = (long) nOut * Float.BYTES;
        boolean pack = to - from >= PACK_MIN_ROWS;
        for (int c0 = 0; c0 < nOut; c0 += PANEL) {
            // The columns this panel reads: [c0, c0 + PANEL), or for the tail [cs, nOut) with cs ≤ c0
            // so that it spans at least one vector (see tailPanel).
            boolean tail = c0 + PANEL > nOut;
            int cs = tail ? Math.min(c0, nOut - LANES) : c0;
            int width = tail ? nOut - cs : PANEL;
            for (int r = from; r < to; r++) {
                cursor[r - from] = start[r];
            }
            for (int j0 = 0; j0 < Math.max(srcRows, 1); j0 += SOURCE_BLOCK) {
                int j1 = Math.min(j0 + SOURCE_BLOCK, srcRows);
                // Where the k loop reads row index[k] of this block: src itself, or the packed copy.
                MemorySegment from0 = src;
                int base = 0;
                long stride = rowBytes;
                long offset = (long) cs * Float.BYTES;
                if (pack) {
                    for (int j = j0; j < j1; j++) {
                        MemorySegment.copy(
                                src,
                                ((long) j * nOut + cs) * Float.BYTES,
                                packed,
                                (long) (j - j0) * PANEL_BYTES,
                                (long) width * Float.BYTES);
                    }
                    from0 = packed;
                    base = j0;
                    stride = PANEL_BYTES;
                    offset = 0;
                }
                for (int r = from; r < to; r++) {
                    int begin = cursor[r - from];
                    int end = begin;
                    int rowEnd = start[r + 1];
                    while (end < rowEnd && index[end] < j1) {
                        end++;
                    }
                    cursor[r - from] = end;
                    long outAt = r * rowBytes + (long) cs * Float.BYTES;
                    // The first block starts from the bias (or 0), the others from what is in out.
                    MemorySegment init = j0 == 0 ? bias : out;
                    long initAt = j0 == 0 ? (long) cs * Float.BYTES : outAt;
                    if (tail) {
                        tailPanel(begin, end, index, base, val, from0, stride, offset, width, init, initAt, out, outAt);
                    } else {
                        panel(begin, end, index, base, val, from0, stride, offset, init, initAt, out, outAt);
                    }
                }
            }
        }
    }

    /**
     * PANEL columns of an output row, at byte outAt of out: init + Σ_{k ∈ [begin, end)}
     * val[k]·(the vectors at byte (index[k] − base)·stride + offset of rows), eight accumulators in
     * registers for the whole loop over k. init: the same columns at byte initAt of init (bias, or
     * out itself), or null for 0. (Plain arguments, not a record of them: with a record, C2
     * sometimes compiled these loops 5–10× slower.)
     */
    private static void panel(
            int begin,
            int end,
            int[] index,
            int base,
            float[] val,
            MemorySegment rows,
            long stride,
            long offset,
            MemorySegment init,
            long initAt,
            MemorySegment out,
            long outAt) {
        long step = SPECIES.vectorByteSize();
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (init == null) {
            a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = FloatVector.zero(SPECIES);
        } else {
            a0 = load(init, initAt);
            a1 = load(init, initAt + step);
            a2 = load(init, initAt + 2 * step);
            a3 = load(init, initAt + 3 * step);
            a4 = load(init, initAt + 4 * step);
            a5 = load(init, initAt + 5 * step);
            a6 = load(init, initAt + 6 * step);
            a7 = load(init, initAt + 7 * step);
        }
        for (int k = begin; k < end; k++) {
            FloatVector v = FloatVector.broadcast(SPECIES, val[k]);
            long o = (index[k] - base) * stride + offset;
            a0 = load(rows, o).fma(v, a0);
            a1 = load(rows, o + step).fma(v, a1);
            a2 = load(rows, o + 2 * step).fma(v, a2);
            a3 = load(rows, o + 3 * step).fma(v, a3);
            a4 = load(rows, o + 4 * step).fma(v, a4);
            a5 = load(rows, o + 5 * step).fma(v, a5);
            a6 = load(rows, o + 6 * step).fma(v, a6);
            a7 = load(rows, o + 7 * step).fma(v, a7);
        }
        a0.intoMemorySegment(out, outAt, ORDER);
        a1.intoMemorySegment(out, outAt + step, ORDER);
        a2.intoMemorySegment(out, outAt + 2 * step, ORDER);
        a3.intoMemorySegment(out, outAt + 3 * step, ORDER);
        a4.intoMemorySegment(out, outAt + 4 * step, ORDER);
        a5.intoMemorySegment(out, outAt + 5 * step, ORDER);
        a6.intoMemorySegment(out, outAt + 6 * step, ORDER);
        a7.intoMemorySegment(out, outAt + 7 * step, ORDER);
    }

    /**
     * {@link #panel} for the row's last {@code width} columns (LANES ≤ width ≤ PANEL), starting at
     * byte outAt: ⌈width / LANES⌉ accumulators, the last one placed at width − LANES so that it
     * ends at the row's end and may overlap the one before it. Overlapping lanes compute the same
     * sum in the same order, so storing both writes the same value twice. (The Vector API's masked
     * loads from a segment ran 5–10× slower than unmasked ones here, which is why no mask is used.)
     * The branches on the vector count are the same for every k, so they are always predicted.
     */
    private static void tailPanel(
            int begin,
            int end,
            int[] index,
            int base,
            float[] val,
            MemorySegment rows,
            long stride,
            long offset,
            int width,
            MemorySegment init,
            long initAt,
            MemorySegment out,
            long outAt) {
        int vectors = (width + LANES - 1) / LANES; // 1 .. VECTORS
        long o0 = column(0, width);
        long o1 = column(1, width);
        long o2 = column(2, width);
        long o3 = column(3, width);
        long o4 = column(4, width);
        long o5 = column(5, width);
        long o6 = column(6, width);
        long o7 = column(7, width);
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (init == null) {
            a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = FloatVector.zero(SPECIES);
        } else {
            a0 = load(init, initAt + o0);
            a1 = load(init, initAt + o1);
            a2 = load(init, initAt + o2);
            a3 = load(init, initAt + o3);
            a4 = load(init, initAt + o4);
            a5 = load(init, initAt + o5);
            a6 = load(init, initAt + o6);
            a7 = load(init, initAt + o7);
        }
        for (int k = begin; k < end; k++) {
            FloatVector v = FloatVector.broadcast(SPECIES, val[k]);
            long o = (index[k] - base) * stride + offset;
            a0 = load(rows, o + o0).fma(v, a0);
            if (vectors > 1) {
                a1 = load(rows, o + o1).fma(v, a1);
            }
            if (vectors > 2) {
                a2 = load(rows, o + o2).fma(v, a2);
            }
            if (vectors > 3) {
                a3 = load(rows, o + o3).fma(v, a3);
            }
            if (vectors > 4) {
                a4 = load(rows, o + o4).fma(v, a4);
            }
            if (vectors > 5) {
                a5 = load(rows, o + o5).fma(v, a5);
            }
            if (vectors > 6) {
                a6 = load(rows, o + o6).fma(v, a6);
            }
            if (vectors > 7) {
                a7 = load(rows, o + o7).fma(v, a7);
            }
        }
        // Only the used accumulators (i < vectors) are stored: the others hold no sums.
        a0.intoMemorySegment(out, outAt + o0, ORDER);
        if (vectors > 1) {
            a1.intoMemorySegment(out, outAt + o1, ORDER);
        }
        if (vectors > 2) {
            a2.intoMemorySegment(out, outAt + o2, ORDER);
        }
        if (vectors > 3) {
            a3.intoMemorySegment(out, outAt + o3, ORDER);
        }
        if (vectors > 4) {
            a4.intoMemorySegment(out, outAt + o4, ORDER);
        }
        if (vectors > 5) {
            a5.intoMemorySegment(out, outAt + o5, ORDER);
        }
        if (vectors > 6) {
            a6.intoMemorySegment(out, outAt + o6, ORDER);
        }
        if (vectors > 7) {
            a7.intoMemorySegment(out, outAt + o7, ORDER);
        }
    }

    /** Byte offset of a tail's vector i within its width: min(i·LANES, width − LANES) floats. */
    private static long column(int i, int width) {
        return (long) Math.min(i * LANES, width - LANES) * Float.BYTES;
    }

    /**
     * dH [B × nIn] = (δ·W) at the entries of the mask, 0 elsewhere: each entry one dot product,
     * dH[r, j] = δ[r, :]·Wᵀ[j, :] over nOut. Two orders, the same dots (so the same bits): by row
     * of the mask (four Wᵀ rows against one δ row) or, when the batch is smaller than N_in, by
     * column of its CSC (four δ rows against one Wᵀ row), so that the larger operand, Wᵀ [N_in ×
     * N_out], streams through the cache once rather than once per batch row (N_in = 4096: 64 MiB of
     * Wᵀ, 2 MiB of δ at B = 128).
     */
    @Override
    public void maskedInputGradient(
            MemorySegment delta, MemorySegment wT, HostSparseRows mask, MemorySegment dH, int nOut) {
        if (nOut < LANES) {
            shared.maskedInputGradient(delta, wT, mask, dH, nOut);
            return;
        }
        int rows = mask.rows;
        int nIn = mask.cols();
        if (rows < nIn) {
            Csc csc = shared.csc(mask);
            dH.asSlice(0, (long) rows * nIn * Float.BYTES).fill((byte) 0); // dH is 0 off the mask
            parallel.run(nIn, (part, from, to) -> {
                for (int j = from; j < to; j++) {
                    // Entry k of column j: dH[row[k], j] = Wᵀ[j, :]·δ[row[k], :].
                    dots(wT, j, delta, csc.row, csc.colStart[j], csc.colStart[j + 1], nOut, dH, nIn, false);
                }
            });
        } else {
            parallel.run(rows, (part, from, to) -> {
                for (int r = from; r < to; r++) {
                    dH.asSlice((long) r * nIn * Float.BYTES, (long) nIn * Float.BYTES)
                            .fill((byte) 0);
                    // Entry k of row r: dH[r, col[k]] = δ[r, :]·Wᵀ[col[k], :].
                    dots(delta, r, wT, mask.col, mask.rowStart[r], mask.rowStart[r + 1], nOut, dH, nIn, true);
                }
            });
        }
    }

    /**
     * Dot products of one fixed row x = fixed[f, :] with the rows other[list[k], :], k ∈ [begin,
     * end), over n ≥ LANES columns, four at a time (each vector of x loaded once for the four), each
     * summed over lanes in a fixed order ({@link #sum}). The product is x·y whichever operand is
     * fixed (fma(y, x, acc) = fma(x, y, acc) exactly), so both loop orders give the same bits.
     * Results go to dH[f, list[k]] (byRow) or dH[list[k], f].
     */
    private static void dots(
            MemorySegment fixed,
            int f,
            MemorySegment other,
            int[] list,
            int begin,
            int end,
            int n,
            MemorySegment dH,
            int nIn,
            boolean byRow) {
        long rowBytes = (long) n * Float.BYTES;
        long step = SPECIES.vectorByteSize();
        long full = (long) (n - n % LANES) * Float.BYTES; // bytes covered by whole vectors
        // The last n mod LANES columns: the vector ending at the row's end, times 0 on the lanes
        // the whole vectors already counted and 1 on the new ones.
        long last = rowBytes - step;
        boolean ragged = full < rowBytes;
        FloatVector fresh = ragged ? FRESH[n % LANES] : null;
        long x = f * rowBytes;
        int k = begin;
        for (; k + 4 <= end; k += 4) {
            long y0 = list[k] * rowBytes;
            long y1 = list[k + 1] * rowBytes;
            long y2 = list[k + 2] * rowBytes;
            long y3 = list[k + 3] * rowBytes;
            FloatVector a0, a1, a2, a3;
            a0 = a1 = a2 = a3 = FloatVector.zero(SPECIES);
            for (long i = 0; i < full; i += step) {
                FloatVector xv = load(fixed, x + i);
                a0 = load(other, y0 + i).fma(xv, a0);
                a1 = load(other, y1 + i).fma(xv, a1);
                a2 = load(other, y2 + i).fma(xv, a2);
                a3 = load(other, y3 + i).fma(xv, a3);
            }
            if (ragged) {
                FloatVector xv = load(fixed, x + last).mul(fresh);
                a0 = load(other, y0 + last).fma(xv, a0);
                a1 = load(other, y1 + last).fma(xv, a1);
                a2 = load(other, y2 + last).fma(xv, a2);
                a3 = load(other, y3 + last).fma(xv, a3);
            }
            put(dH, f, list[k], nIn, byRow, sum(a0));
            put(dH, f, list[k + 1], nIn, byRow, sum(a1));
            put(dH, f, list[k + 2], nIn, byRow, sum(a2));
            put(dH, f, list[k + 3], nIn, byRow, sum(a3));
        }
        for (; k < end; k++) {
            long y = list[k] * rowBytes;
            FloatVector a = FloatVector.zero(SPECIES);
            for (long i = 0; i < full; i += step) {
                a = load(other, y + i).fma(load(fixed, x + i), a);
            }
            if (ragged) {
                a = load(other, y + last).fma(load(fixed, x + last).mul(fresh), a);
            }
            put(dH, f, list[k], nIn, byRow, sum(a));
        }
    }

    /** dH[f, g] (byRow) or dH[g, f] = value; dH [· × nIn]. */
    private static void put(MemorySegment dH, int f, int g, int nIn, boolean byRow, float value) {
        long at = byRow ? (long) f * nIn + g : (long) g * nIn + f;
        dH.setAtIndex(JAVA_FLOAT_UNALIGNED, at, value);
    }

    /**
     * Σ of v's lanes in a fixed order, the same compiled or interpreted: pairwise, lane l plus lane
     * l + LANES/2, then l + LANES/4, …, as lanewise adds of rearranged copies (the Vector API's own
     * ADD reduction leaves its order unspecified, and it did differ between interpreted and
     * compiled code, which broke bit-identical resumption). LANES is a power of two for every x86
     * and NEON width; other widths (some SVE sizes) add the lanes one by one.
     */
    private static float sum(FloatVector v) {
        if (HALVES == null) {
            float s = 0;
            for (int l = 0; l < LANES; l++) {
                s += v.lane(l);
            }
            return s;
        }
        for (int i = 0; i < HALVES.size(); i++) {
            v = v.add(v.rearrange(HALVES.get(i)));
        }
        return v.lane(0);
    }

    private static List<VectorShuffle<Float>> halves() {
        if (Integer.bitCount(LANES) != 1) {
            return null;
        }
        List<VectorShuffle<Float>> halves = new ArrayList<>();
        for (int shift = LANES / 2; shift >= 1; shift /= 2) {
            int by = shift;
            halves.add(VectorShuffle.fromOp(SPECIES, l -> (l + by) % LANES));
        }
        return List.copyOf(halves);
    }

    private static FloatVector load(MemorySegment s, long byteOffset) {
        return FloatVector.fromMemorySegment(SPECIES, s, byteOffset, ORDER);
    }
}
