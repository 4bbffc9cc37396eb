package org.sparseeoc.backend.cpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The multiply-add loops of {@link CpuSparseOps} written with the Vector API ({@code
 * jdk.incubator.vector}), which reads the native operands in place and keeps accumulators in vector
 * registers across a loop over nonzeros: what C2's auto-vectoriser cannot do for {@link
 * SparseKernels} (there, every product reads and writes an accumulator row in L1, and every operand
 * row is first copied to the heap). Compression and the [N_out × N_in] weight gradient are shared
 * with SparseKernels, whose loops are the reference these are tested against.
 *
 * <p>Loop structures, and why:
 *
 * <ul>
 *   <li>Forward, z[r, c] = b[c] + Σ_{j ∈ nz(r)} h[r, j]·Wᵀ[j, c], and the transposed weight
 *       gradient, dWᵀ[j, c] = Σ_{r : j ∈ nz(r)} h[r, j]·δ[r, c], are one loop ({@link
 *       #combineRows}): output columns are taken {@link #VECTORS} vectors at a time (128 columns on
 *       AVX-512); for one such panel, every output row's accumulators stay in registers while the
 *       panel pieces of the source rows named by its nonzeros stream past (one load and one fused
 *       multiply-add per vector and nonzero; nothing stored until the row is done). The panel of
 *       the source (N_in × 128 floats of Wᵀ, 512 KiB at N_in = 1024) stays in L2 while all batch
 *       rows use it, instead of each batch row pulling all of Wᵀ through the cache.
 *   <li>Masked input gradient, dH[r, j] = δ[r, :]·Wᵀ[j, :] for j ∈ nz(r): four dot products at a
 *       time in four vector accumulators, each vector of δ[r, :] loaded once for the four; the
 *       lanes are summed at the end in a fixed order ({@link #laneSum}: the Vector API's own ADD
 *       reduction leaves its order unspecified, and it did differ between interpreted and compiled
 *       code, which broke bit-identical resumption).
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

    /** Int lanes matching the float lanes one for one (column indices in compression). */
    private static final VectorSpecies<Integer> INT_SPECIES = SPECIES.withLanes(int.class);

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** [4 × LANES] the lanes of four dot products' accumulators (masked input gradient). */
    private final float[] lanes = new float[4 * LANES];

    /** The CSC transpose, the [N_out × N_in] weight gradient, and every product when N_out &lt; LANES. */
    private final SparseKernels shared = new SparseKernels();

    @Override
    public String describe() {
        return "simd (jdk.incubator.vector, " + SPECIES.vectorBitSize() + "-bit, " + LANES + " float lanes)";
    }

    @Override
    public void compress(MemorySegment h, int rows, HostSparseRows out) {
        compressRows(Phi.IDENTITY, 0f, Float.POSITIVE_INFINITY, h, rows, out);
    }

    @Override
    public void activationCompress(boolean odd, float tau, float clip, MemorySegment z, int rows, HostSparseRows out) {
        compressRows(odd ? Phi.ODD : Phi.ONE_SIDED, tau, clip, z, rows, out);
    }

    /** What compression applies to each element before keeping the nonzeros. */
    private enum Phi {
        /** h itself. */
        IDENTITY,
        /** min(max(z − τ, 0), m), as ActivationKernels' one-sided forward. */
        ONE_SIDED,
        /** min(max(z − τ, 0), m) + max(min(z + τ, 0), −m), as ActivationKernels' odd forward. */
        ODD
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
            for (; j < cols; j++) {
                float h = phi(phi, tau, clip, x.getAtIndex(JAVA_FLOAT, (long) r * cols + j));
                col[k] = j;
                val[k] = h;
                k += h != 0f ? 1 : 0;
            }
            out.rowStart[r + 1] = k;
        }
        out.rows = rows;
    }

    private static FloatVector phi(Phi phi, float tau, float clip, FloatVector z) {
        return switch (phi) {
            case IDENTITY -> z;
            case ONE_SIDED -> z.sub(tau).max(0f).min(clip);
            case ODD -> z.sub(tau).max(0f).min(clip).add(z.add(tau).min(0f).max(-clip));
        };
    }

    private static float phi(Phi phi, float tau, float clip, float z) {
        return switch (phi) {
            case IDENTITY -> z;
            case ONE_SIDED -> Math.min(Math.max(z - tau, 0f), clip);
            case ODD -> Math.min(Math.max(z - tau, 0f), clip) + Math.max(Math.min(z + tau, 0f), -clip);
        };
    }

    @Override
    public void forward(HostSparseRows h, MemorySegment wT, MemorySegment bias, MemorySegment z, int nOut) {
        if (nOut < LANES) {
            shared.forward(h, wT, bias, z, nOut);
            return;
        }
        combineRows(h.rows, h.rowStart, h.col, h.val, wT, bias, z, nOut);
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
        combineRows(h.cols(), csc.colStart, csc.row, csc.val, delta, null, dWT, nOut);
    }

    /**
     * out[r, :] = bias + Σ_{k ∈ [start[r], start[r + 1])} val[k]·src[index[k], :] for r &lt; rows;
     * src [· × nOut], out [rows × nOut] (native), bias [nOut] or null; nOut ≥ LANES. Full panels
     * first, then one {@link #tailPanel} for the last nOut mod PANEL columns.
     */
    private static void combineRows(
            int rows,
            int[] start,
            int[] index,
            float[] val,
            MemorySegment src,
            MemorySegment bias,
            MemorySegment out,
            int nOut) {
        long rowBytes = (long) nOut * Float.BYTES;
        int c0 = 0;
        for (; c0 + PANEL <= nOut; c0 += PANEL) {
            long col = (long) c0 * Float.BYTES;
            for (int r = 0; r < rows; r++) {
                panel(start[r], start[r + 1], index, val, src, bias, rowBytes, col, out, r * rowBytes);
            }
        }
        if (c0 < nOut) {
            for (int r = 0; r < rows; r++) {
                tailPanel(start[r], start[r + 1], index, val, src, bias, rowBytes, c0, nOut, out, r * rowBytes);
            }
        }
    }

    /**
     * Columns [col, col + PANEL) (byte offset col) of the output row at byte offset outRow: bias +
     * Σ_k val[k]·src[index[k], ·], eight accumulators in registers for the whole loop over k.
     */
    private static void panel(
            int begin,
            int end,
            int[] index,
            float[] val,
            MemorySegment src,
            MemorySegment bias,
            long rowBytes,
            long col,
            MemorySegment out,
            long outRow) {
        long step = SPECIES.vectorByteSize();
        long at = outRow + col;
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (bias == null) {
            a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = FloatVector.zero(SPECIES);
        } else {
            a0 = load(bias, col);
            a1 = load(bias, col + step);
            a2 = load(bias, col + 2 * step);
            a3 = load(bias, col + 3 * step);
            a4 = load(bias, col + 4 * step);
            a5 = load(bias, col + 5 * step);
            a6 = load(bias, col + 6 * step);
            a7 = load(bias, col + 7 * step);
        }
        for (int k = begin; k < end; k++) {
            FloatVector v = FloatVector.broadcast(SPECIES, val[k]);
            long o = index[k] * rowBytes + col;
            a0 = load(src, o).fma(v, a0);
            a1 = load(src, o + step).fma(v, a1);
            a2 = load(src, o + 2 * step).fma(v, a2);
            a3 = load(src, o + 3 * step).fma(v, a3);
            a4 = load(src, o + 4 * step).fma(v, a4);
            a5 = load(src, o + 5 * step).fma(v, a5);
            a6 = load(src, o + 6 * step).fma(v, a6);
            a7 = load(src, o + 7 * step).fma(v, a7);
        }
        a0.intoMemorySegment(out, at, ORDER);
        a1.intoMemorySegment(out, at + step, ORDER);
        a2.intoMemorySegment(out, at + 2 * step, ORDER);
        a3.intoMemorySegment(out, at + 3 * step, ORDER);
        a4.intoMemorySegment(out, at + 4 * step, ORDER);
        a5.intoMemorySegment(out, at + 5 * step, ORDER);
        a6.intoMemorySegment(out, at + 6 * step, ORDER);
        a7.intoMemorySegment(out, at + 7 * step, ORDER);
    }

    /**
     * {@link #panel} for the last columns [c0, nOut), fewer than PANEL: ⌈(nOut − c0) / LANES⌉
     * accumulators, the last one placed at nOut − LANES so that it ends at the row's end and may
     * overlap the one before it. Overlapping lanes compute the same sum in the same order, so
     * storing both writes the same value twice. (The Vector API's masked loads from a segment ran
     * 5–10× slower than unmasked ones here, which is why no mask is used.) The branches on the
     * vector count are the same for every k, so they are always predicted.
     */
    private static void tailPanel(
            int begin,
            int end,
            int[] index,
            float[] val,
            MemorySegment src,
            MemorySegment bias,
            long rowBytes,
            int c0,
            int nOut,
            MemorySegment out,
            long outRow) {
        int vectors = (nOut - c0 + LANES - 1) / LANES; // 1 .. VECTORS
        long o0 = column(c0, 0, nOut);
        long o1 = column(c0, 1, nOut);
        long o2 = column(c0, 2, nOut);
        long o3 = column(c0, 3, nOut);
        long o4 = column(c0, 4, nOut);
        long o5 = column(c0, 5, nOut);
        long o6 = column(c0, 6, nOut);
        long o7 = column(c0, 7, nOut);
        FloatVector a0, a1, a2, a3, a4, a5, a6, a7;
        if (bias == null) {
            a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = FloatVector.zero(SPECIES);
        } else {
            a0 = load(bias, o0);
            a1 = load(bias, o1);
            a2 = load(bias, o2);
            a3 = load(bias, o3);
            a4 = load(bias, o4);
            a5 = load(bias, o5);
            a6 = load(bias, o6);
            a7 = load(bias, o7);
        }
        for (int k = begin; k < end; k++) {
            FloatVector v = FloatVector.broadcast(SPECIES, val[k]);
            long o = index[k] * rowBytes;
            a0 = load(src, o + o0).fma(v, a0);
            if (vectors > 1) {
                a1 = load(src, o + o1).fma(v, a1);
            }
            if (vectors > 2) {
                a2 = load(src, o + o2).fma(v, a2);
            }
            if (vectors > 3) {
                a3 = load(src, o + o3).fma(v, a3);
            }
            if (vectors > 4) {
                a4 = load(src, o + o4).fma(v, a4);
            }
            if (vectors > 5) {
                a5 = load(src, o + o5).fma(v, a5);
            }
            if (vectors > 6) {
                a6 = load(src, o + o6).fma(v, a6);
            }
            if (vectors > 7) {
                a7 = load(src, o + o7).fma(v, a7);
            }
        }
        // Unused accumulators (i ≥ vectors) sit at nOut − LANES too and hold its bias: harmless
        // rewrites of the last vector's bias-only value are avoided by storing only the used ones.
        a0.intoMemorySegment(out, outRow + o0, ORDER);
        if (vectors > 1) {
            a1.intoMemorySegment(out, outRow + o1, ORDER);
        }
        if (vectors > 2) {
            a2.intoMemorySegment(out, outRow + o2, ORDER);
        }
        if (vectors > 3) {
            a3.intoMemorySegment(out, outRow + o3, ORDER);
        }
        if (vectors > 4) {
            a4.intoMemorySegment(out, outRow + o4, ORDER);
        }
        if (vectors > 5) {
            a5.intoMemorySegment(out, outRow + o5, ORDER);
        }
        if (vectors > 6) {
            a6.intoMemorySegment(out, outRow + o6, ORDER);
        }
        if (vectors > 7) {
            a7.intoMemorySegment(out, outRow + o7, ORDER);
        }
    }

    /** Byte offset of the tail's vector i: column min(c0 + i·LANES, nOut − LANES). */
    private static long column(int c0, int i, int nOut) {
        return (long) Math.min(c0 + i * LANES, nOut - LANES) * Float.BYTES;
    }

    @Override
    public void maskedInputGradient(
            MemorySegment delta, MemorySegment wT, HostSparseRows mask, MemorySegment dH, int nOut) {
        if (nOut < LANES) {
            shared.maskedInputGradient(delta, wT, mask, dH, nOut);
            return;
        }
        int nIn = mask.cols();
        long rowBytes = (long) nOut * Float.BYTES;
        long step = SPECIES.vectorByteSize();
        long full = (long) (nOut - nOut % LANES) * Float.BYTES; // bytes covered by whole vectors
        // The last nOut mod LANES columns: the vector ending at the row's end, times 0 on the lanes
        // the whole vectors already counted and 1 on the new ones.
        long last = rowBytes - step;
        FloatVector fresh = FloatVector.broadcast(SPECIES, 1f).blend(0f, SPECIES.indexInRange(0, LANES - nOut % LANES));
        int[] col = mask.col;
        for (int r = 0; r < mask.rows; r++) {
            long d = r * rowBytes; // δ[r, :]
            long outRow = (long) r * nIn * Float.BYTES; // dH[r, :]
            dH.asSlice(outRow, (long) nIn * Float.BYTES).fill((byte) 0); // dH is 0 off the mask
            int k = mask.rowStart[r];
            int end = mask.rowStart[r + 1];
            for (; k + 4 <= end; k += 4) {
                long w0 = col[k] * rowBytes;
                long w1 = col[k + 1] * rowBytes;
                long w2 = col[k + 2] * rowBytes;
                long w3 = col[k + 3] * rowBytes;
                FloatVector a0, a1, a2, a3;
                a0 = a1 = a2 = a3 = FloatVector.zero(SPECIES);
                for (long i = 0; i < full; i += step) {
                    FloatVector x = load(delta, d + i);
                    a0 = load(wT, w0 + i).fma(x, a0);
                    a1 = load(wT, w1 + i).fma(x, a1);
                    a2 = load(wT, w2 + i).fma(x, a2);
                    a3 = load(wT, w3 + i).fma(x, a3);
                }
                if (full < rowBytes) {
                    FloatVector x = load(delta, d + last).mul(fresh);
                    a0 = load(wT, w0 + last).fma(x, a0);
                    a1 = load(wT, w1 + last).fma(x, a1);
                    a2 = load(wT, w2 + last).fma(x, a2);
                    a3 = load(wT, w3 + last).fma(x, a3);
                }
                a0.intoArray(lanes, 0);
                a1.intoArray(lanes, LANES);
                a2.intoArray(lanes, 2 * LANES);
                a3.intoArray(lanes, 3 * LANES);
                store(dH, outRow, col[k], laneSum(lanes, 0));
                store(dH, outRow, col[k + 1], laneSum(lanes, LANES));
                store(dH, outRow, col[k + 2], laneSum(lanes, 2 * LANES));
                store(dH, outRow, col[k + 3], laneSum(lanes, 3 * LANES));
            }
            for (; k < end; k++) {
                long w = col[k] * rowBytes;
                FloatVector a = FloatVector.zero(SPECIES);
                for (long i = 0; i < full; i += step) {
                    a = load(wT, w + i).fma(load(delta, d + i), a);
                }
                if (full < rowBytes) {
                    a = load(wT, w + last).fma(load(delta, d + last).mul(fresh), a);
                }
                a.intoArray(lanes, 0);
                store(dH, outRow, col[k], laneSum(lanes, 0));
            }
        }
    }

    /**
     * t[off] + … + t[off + LANES − 1] in a fixed order: four interleaved partial sums (short
     * dependency chains), then (s₀ + s₁) + (s₂ + s₃).
     */
    private static float laneSum(float[] t, int off) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int l = 0;
        for (; l + 4 <= LANES; l += 4) {
            s0 += t[off + l];
            s1 += t[off + l + 1];
            s2 += t[off + l + 2];
            s3 += t[off + l + 3];
        }
        for (; l < LANES; l++) {
            s0 += t[off + l];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static FloatVector load(MemorySegment s, long byteOffset) {
        return FloatVector.fromMemorySegment(SPECIES, s, byteOffset, ORDER);
    }

    /** row[j] = value, row at byte offset {@code rowAt} of s. */
    private static void store(MemorySegment s, long rowAt, int j, float value) {
        s.set(JAVA_FLOAT_UNALIGNED, rowAt + (long) j * Float.BYTES, value);
    }
}
