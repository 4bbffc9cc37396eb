package org.sparseeoc.backend.cuda.emu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cuda.emu.Emu.assertClose;
import static org.sparseeoc.backend.cuda.emu.Emu.floats;
import static org.sparseeoc.backend.cuda.emu.Emu.nanDoubles;
import static org.sparseeoc.backend.cuda.emu.Emu.nans;
import static org.sparseeoc.backend.cuda.emu.Emu.read;
import static org.sparseeoc.backend.cuda.emu.Emu.readDoubles;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.KernelArgs;
import org.sparseeoc.backend.cuda.LaunchShapes;
import org.sparseeoc.testing.Tolerance;

/**
 * loss.cu on the emulator against CpuOps: softmax_cross_entropy's gradient, summed loss and correct
 * count, with classes below, at and above the block of 128, tied maxima (the lowest index wins) and
 * logits large enough to overflow exp without the max shift; and the flag for a bad label.
 */
class LossKernelsEmuTest {
    /**
     * exp, log and the sum run in double on both sides (in different orders and libms), so the
     * float gradient may differ in its last bit; the summed loss agrees to double rounding.
     */
    private static final Tolerance GRADIENT = new Tolerance(1e-12, 2e-7);

    private static final Tolerance LOSS = Tolerance.rel(1e-12);
    private static CpuOps cpu;

    @BeforeAll
    static void open() {
        cpu = new CpuOps();
    }

    @AfterAll
    static void close() {
        cpu.close();
    }

    @ParameterizedTest(name = "rows={0} classes={1} scale={2}")
    @CsvSource({"1, 1, 1", "31, 10, 1", "33, 33, 3", "4, 129, 1", "3, 1000, 200", "1000, 10, 40"})
    void softmaxCrossEntropyMatchesCpu(int rows, int classes, float logitScale) {
        Emulator emu = Emu.emulator();
        Random rng = new Random(rows * 1000L + classes);
        float[] logits = Emu.uniform(rng, rows * classes, logitScale);
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = rng.nextInt(classes);
            if (r % 3 == 0 && classes > 2) { // a tie for the max: the first of the two must win
                logits[r * classes + classes - 1] = 1000f;
                logits[r * classes + classes / 2] = 1000f;
                labels[r] = r % 2 == 0 ? classes / 2 : classes - 1;
            }
        }
        float gradScale = 1f / rows;
        IntBuffer labelBuffer = cpu.allocateInts(rows);
        cpu.uploadInts(labels, labelBuffer, rows);
        FloatBuffer dlogitsRef = cpu.allocate(rows * classes);
        LossAccumulator ref = new LossAccumulator();
        cpu.softmaxCrossEntropy(Emu.put(cpu, logits), labelBuffer, dlogitsRef, rows, classes, gradScale, ref);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment dlogits = nans(arena, rows * classes);
            MemorySegment rowLoss = nanDoubles(arena, rows);
            MemorySegment rowCorrect = arena.allocate(JAVA_INT, rows);
            rowCorrect.fill((byte) 0x7F);
            emu.launch(
                    "softmax_cross_entropy",
                    LaunchShapes.softmaxCrossEntropy(rows),
                    args(arena, logits, labels, dlogits, rows, classes, gradScale, rowLoss, rowCorrect));
            assertClose("dlogits", Emu.get(cpu, dlogitsRef, rows * classes), read(dlogits, rows * classes), GRADIENT);
            // The host's sums over the per-row results, in row order.
            double[] losses = readDoubles(rowLoss, rows);
            double loss = 0;
            long correct = 0;
            for (int r = 0; r < rows; r++) {
                loss += losses[r];
                correct += rowCorrect.getAtIndex(JAVA_INT, r);
            }
            LOSS.check("summed loss", ref.lossSum(), loss);
            assertEquals(ref.correct(), correct, "correct arg-max predictions");
        }
    }

    /**
     * dlogits may be logits: the kernel reads the label's logit before any thread overwrites the
     * row, so in place gives the same gradient and loss as separate buffers.
     */
    @Test
    void inPlaceMatchesCpu() {
        Emulator emu = Emu.emulator();
        int rows = 5;
        int classes = 300; // more than one class per thread, so writes and reads interleave
        Random rng = new Random(11);
        float[] logits = Emu.uniform(rng, rows * classes, 5);
        // Labels in thread 0's columns (multiples of 128): the emulator runs thread 0 first, so
        // its writes land before the loss reads the label's logit unless that was read earlier.
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = (r % 3) * 128;
        }
        IntBuffer labelBuffer = cpu.allocateInts(rows);
        cpu.uploadInts(labels, labelBuffer, rows);
        FloatBuffer dlogitsRef = cpu.allocate(rows * classes);
        LossAccumulator ref = new LossAccumulator();
        cpu.softmaxCrossEntropy(Emu.put(cpu, logits), labelBuffer, dlogitsRef, rows, classes, 1f, ref);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment both = floats(arena, logits);
            MemorySegment rowLoss = nanDoubles(arena, rows);
            KernelArgs args = KernelArgs.builder()
                    .pointer(both.address())
                    .pointer(Emu.ints(arena, labels).address())
                    .pointer(both.address())
                    .i32(rows)
                    .i32(classes)
                    .f32(1f)
                    .pointer(rowLoss.address())
                    .pointer(arena.allocate(JAVA_INT, rows).address())
                    .build();
            emu.launch("softmax_cross_entropy", LaunchShapes.softmaxCrossEntropy(rows), args);
            assertClose(
                    "dlogits in place", Emu.get(cpu, dlogitsRef, rows * classes), read(both, rows * classes), GRADIENT);
            double loss = 0;
            for (double l : readDoubles(rowLoss, rows)) {
                loss += l;
            }
            LOSS.check("summed loss in place", ref.lossSum(), loss);
        }
    }

    /** A label outside [0, classes) is flagged with row_correct = −1 for the host to throw on. */
    @Test
    void badLabelIsFlagged() {
        Emulator emu = Emu.emulator();
        int rows = 3;
        int classes = 4;
        float[] logits = Emu.uniform(new Random(5), rows * classes, 1);
        int[] labels = {0, classes, 2};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rowCorrect = arena.allocate(JAVA_INT, rows);
            MemorySegment rowLoss = nanDoubles(arena, rows);
            emu.launch(
                    "softmax_cross_entropy",
                    LaunchShapes.softmaxCrossEntropy(rows),
                    args(arena, logits, labels, nans(arena, rows * classes), rows, classes, 1f, rowLoss, rowCorrect));
            assertEquals(-1, rowCorrect.getAtIndex(JAVA_INT, 1), "row with label " + classes);
            assertTrue(rowCorrect.getAtIndex(JAVA_INT, 0) >= 0 && rowCorrect.getAtIndex(JAVA_INT, 2) >= 0);
            double[] losses = readDoubles(rowLoss, rows);
            assertTrue(Double.isNaN(losses[1]), "loss of the bad row is NaN");
            assertTrue(Double.isFinite(losses[0]) && Double.isFinite(losses[2]), "the other rows are unaffected");
        }
    }

    private static KernelArgs args(
            Arena arena,
            float[] logits,
            int[] labels,
            MemorySegment dlogits,
            int rows,
            int classes,
            float gradScale,
            MemorySegment rowLoss,
            MemorySegment rowCorrect) {
        return KernelArgs.builder()
                .pointer(floats(arena, logits).address())
                .pointer(Emu.ints(arena, labels).address())
                .pointer(dlogits.address())
                .i32(rows)
                .i32(classes)
                .f32(gradScale)
                .pointer(rowLoss.address())
                .pointer(rowCorrect.address())
                .build();
    }
}
