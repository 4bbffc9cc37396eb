package org.sparseeoc.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;
import org.sparseeoc.activation.Activation;
import org.sparseeoc.activation.ClippedRelu;
import org.sparseeoc.activation.ClippedSoftThreshold;
import org.sparseeoc.activation.Relu;
import org.sparseeoc.activation.ShiftedRelu;
import org.sparseeoc.activation.SoftThreshold;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.Transpose;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.nn.Mlp;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.train.SgdMomentum;

/**
 * Every {@link org.sparseeoc.backend.Ops} method of {@link CudaOps} against {@link CpuOps}, the
 * reference, on whatever {@link Device} a subclass opens: the emulator in CI ({@link
 * EmulatedCudaOpsConformanceTest}) and a real GPU under the {@code gpu} tag ({@code
 * JCudaOpsConformanceTest}). Outputs start as NaN, so an element a kernel fails to write fails the
 * comparison; sizes are 1, 31, 33, 1000 and 4099 (around and not multiples of the block of 256),
 * plus one sum over more elements than the reduction grid's 1024 blocks cover in one stride.
 *
 * <p>Tolerances, per element |ref − out| ≤ atol + rtol·|ref|: zero for the elementwise ops,
 * bias_gradient, the optimizers and the data movement (the kernels compute the twin's exact float
 * operations); GEMM and the double reductions are compared within the rounding of their different
 * summation orders, stated at each constant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CudaOpsConformance {
    static final int[] SIZES = {1, 31, 33, 1000, 4099};

    /** The elementwise kernels compute the twin's exact bits. */
    static final Tolerance EXACT = Tolerance.abs(0);

    /**
     * Double sums of the same terms in another order (per-thread strides, block trees): relative
     * error ≤ n·2⁻⁵³ ≈ 1e-12 for n ≤ 10⁴ terms of one sign; Σz has mixed signs, hence an atol
     * of 1e-12 per term's magnitude (terms are O(1)).
     */
    static final Tolerance DOUBLE_SUM = new Tolerance(1e-9, 1e-12);

    /** As in LossKernelsEmuTest: exp/log in double in other orders and libms, gradient in float. */
    static final Tolerance LOSS_GRADIENT = new Tolerance(1e-12, 2e-7);

    private CpuOps cpu;
    private CudaOps gpu;
    private String unavailable;

    /** Opens the device under test; skips the class (JUnit assumptions) where there is none. */
    abstract Device openDevice();

    @BeforeAll
    void open() {
        cpu = new CpuOps();
        try {
            gpu = new CudaOps(openDevice());
        } catch (TestAbortedException e) {
            unavailable = e.getMessage(); // reported by every test as its skip reason
        }
    }

    /** Skips each test, with the device's reason, where there is no device (rather than the class silently). */
    @BeforeEach
    void requireDevice() {
        assumeTrue(gpu != null, () -> unavailable);
    }

    @AfterAll
    void close() {
        if (gpu != null) {
            gpu.close();
        }
        if (cpu != null) {
            cpu.close();
        }
    }

    /** The backend under test, for subclasses' extra checks. */
    CudaOps gpu() {
        return gpu;
    }

    // ---- helpers ------------------------------------------------------------------------------

    static float[] uniform(Random rng, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) ((2 * rng.nextDouble() - 1) * scale);
        }
        return x;
    }

    static FloatBuffer put(Ops ops, float[] x) {
        FloatBuffer b = ops.allocate(x.length);
        ops.upload(x, 0, b, 0, x.length);
        return b;
    }

    /** n NaNs: an output element the op does not write stays NaN and fails the comparison. */
    static FloatBuffer nans(Ops ops, int n) {
        float[] x = new float[n];
        Arrays.fill(x, Float.NaN);
        return put(ops, x);
    }

    static float[] get(Ops ops, FloatBuffer b, int n) {
        float[] x = new float[n];
        ops.download(b, 0, x, 0, n);
        return x;
    }

    static void assertClose(String what, float[] ref, float[] out, Tolerance tolerance) {
        double[] r = new double[ref.length];
        double[] o = new double[out.length];
        for (int i = 0; i < ref.length; i++) {
            r[i] = ref[i];
        }
        for (int i = 0; i < out.length; i++) {
            o[i] = out[i];
        }
        tolerance.checkAll(what, r, o);
    }

    /** The same op on both backends: inputs uploaded, outputs NaN-filled, then compared. */
    private interface Op {
        void run(Ops ops, List<FloatBuffer> buffers);
    }

    /**
     * Uploads {@code inputs} to both backends, adds {@code outputs} NaN buffers of the given lengths,
     * runs {@code op} on each and compares every buffer (inputs too, for in-place updates).
     */
    private void compare(String what, Tolerance tolerance, List<float[]> inputs, int[] outputs, Op op) {
        List<float[]> refs = null;
        for (Ops ops : List.of(cpu, gpu)) {
            List<FloatBuffer> buffers = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            for (float[] x : inputs) {
                buffers.add(put(ops, x));
                lengths.add(x.length);
            }
            for (int n : outputs) {
                buffers.add(nans(ops, n));
                lengths.add(n);
            }
            op.run(ops, buffers);
            List<float[]> values = new ArrayList<>();
            for (int i = 0; i < buffers.size(); i++) {
                values.add(get(ops, buffers.get(i), lengths.get(i)));
                buffers.get(i).close();
            }
            if (refs == null) {
                refs = values;
            } else {
                for (int i = 0; i < values.size(); i++) {
                    assertClose(what + " buffer " + i, refs.get(i), values.get(i), tolerance);
                }
            }
        }
    }

    // ---- memory -------------------------------------------------------------------------------

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 31, 1000})
    void allocateIsZeroFilledAndSlicesAddressTheirBase(int n) {
        try (FloatBuffer b = gpu.allocate(n + 7)) {
            assertClose("fresh buffer", new float[n + 7], get(gpu, b, n + 7), EXACT);
            float[] x = uniform(new Random(n), n, 1);
            FloatBuffer view = gpu.slice(b, 5, n);
            gpu.upload(x, 0, view, 0, n);
            float[] whole = get(gpu, b, n + 7);
            float[] expected = new float[n + 7];
            System.arraycopy(x, 0, expected, 5, n);
            assertClose("after upload to slice", expected, whole, EXACT);
            float[] back = new float[n + 2];
            gpu.download(b, 5, back, 1, n);
            assertClose("download with offsets", x, Arrays.copyOfRange(back, 1, n + 1), EXACT);
            view.close(); // a view's close frees nothing
            assertClose("base after closing a view", expected, get(gpu, b, n + 7), EXACT);
        }
    }

    @Test
    void foreignBuffersAndShortSpansAreRejected() {
        try (FloatBuffer host = cpu.allocate(4);
                FloatBuffer small = gpu.allocate(4)) {
            assertThrows(IllegalArgumentException.class, () -> gpu.fill(host, 4, 1f));
            assertThrows(IndexOutOfBoundsException.class, () -> gpu.fill(small, 5, 1f));
            assertThrows(IndexOutOfBoundsException.class, () -> gpu.slice(small, 2, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> gpu.upload(new float[3], 0, small, 2, 3));
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void fillAndScale(int n) {
        float[] x = uniform(new Random(n), n, 3);
        compare("fill", EXACT, List.of(), new int[] {n}, (ops, b) -> ops.fill(b.get(0), n, -0.75f));
        compare("scale", EXACT, List.of(x), new int[0], (ops, b) -> ops.scale(b.get(0), n, 1.3f));
    }

    // ---- dense --------------------------------------------------------------------------------

    static Stream<Arguments> gemmCases() {
        int[][] shapes = {{1, 1, 1}, {31, 33, 17}, {65, 1, 70}, {33, 100, 31}, {3, 5, 0}};
        Stream.Builder<Arguments> cases = Stream.builder();
        for (int[] s : shapes) {
            for (Transpose ta : Transpose.values()) {
                for (Transpose tb : Transpose.values()) {
                    cases.add(Arguments.of(ta, tb, s[0], s[1], s[2], 0f));
                    cases.add(Arguments.of(ta, tb, s[0], s[1], s[2], 0.5f));
                }
            }
        }
        return cases.build();
    }

    /**
     * Tolerance: the kernel fuses each product into a running sum in ascending k (fmaf), OpenBLAS
     * sums in blocks with its own vector order, so each result differs by a few float32 roundings
     * of partial sums of k terms of magnitude ≤ 1: |error| ≲ k·2⁻²⁴ ≈ 6e-8·k, taken as 1e-6 + 1e-6·k
     * absolute plus 1e-5 relative. Leading dimensions exceed the rows by 3 so that padding columns
     * are read by neither backend; beta = 0 with C full of NaN checks that C is not read.
     */
    @ParameterizedTest(name = "{0} {1} m={2} n={3} k={4} beta={5}")
    @MethodSource("gemmCases")
    void gemm(Transpose ta, Transpose tb, int m, int n, int k, float beta) {
        Random rng = new Random(m * 10_000L + n * 100L + k);
        boolean transA = ta == Transpose.YES;
        boolean transB = tb == Transpose.YES;
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 3;
        int ldc = n + 3;
        float[] a = uniform(rng, Math.max(1, aRows * lda), 1);
        float[] b = uniform(rng, Math.max(1, bRows * ldb), 1);
        float[] c = beta == 0 ? nanArray(m * ldc) : uniform(rng, m * ldc, 1);
        Tolerance tolerance = new Tolerance(1e-6 + 1e-6 * k, 1e-5);
        compare(
                "gemm",
                tolerance,
                List.of(a, b, c),
                new int[0],
                (ops, x) -> ops.gemm(ta, tb, m, n, k, 0.75f, x.get(0), lda, x.get(1), ldb, beta, x.get(2), ldc));
    }

    private static float[] nanArray(int n) {
        float[] x = new float[n];
        Arrays.fill(x, Float.NaN);
        return x;
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @CsvSource({"1, 1", "31, 33", "33, 31", "4, 1000", "1000, 5"})
    void biasAddAndGradient(int rows, int cols) {
        Random rng = new Random(rows * 31L + cols);
        float[] z = uniform(rng, rows * cols, 2);
        float[] bias = uniform(rng, cols, 1);
        compare(
                "biasAdd",
                EXACT,
                List.of(z, bias),
                new int[0],
                (ops, b) -> ops.biasAdd(b.get(0), b.get(1), rows, cols));
        compare(
                "biasGradient",
                EXACT,
                List.of(z),
                new int[] {cols},
                (ops, b) -> ops.biasGradient(b.get(0), b.get(1), rows, cols));
    }

    // ---- convolution --------------------------------------------------------------------------

    @ParameterizedTest(name = "batch={0} C={1} {2}×{3} k={4} s={5} p={6}")
    @CsvSource({"1, 1, 1, 1, 1, 1, 0", "2, 3, 7, 5, 3, 1, 1", "3, 2, 9, 9, 3, 2, 1", "1, 4, 6, 7, 2, 3, 0"})
    void im2colCol2imAndTranspose(int batch, int c, int h, int w, int k, int stride, int pad) {
        Random rng = new Random(batch * 7919L + c * 31L + h);
        int ho = (h + 2 * pad - k) / stride + 1;
        int wo = (w + 2 * pad - k) / stride + 1;
        int image = batch * c * h * w;
        int cols = batch * ho * wo * c * k * k;
        compare(
                "im2col",
                EXACT,
                List.of(uniform(rng, image, 1)),
                new int[] {cols},
                (ops, b) -> ops.im2col(b.get(0), b.get(1), batch, c, h, w, k, stride, pad));
        compare(
                "col2im",
                EXACT,
                List.of(uniform(rng, cols, 1)),
                new int[] {image},
                (ops, b) -> ops.col2im(b.get(0), b.get(1), batch, c, h, w, k, stride, pad));
        compare(
                "batchedTranspose",
                EXACT,
                List.of(uniform(rng, image, 1)),
                new int[] {image},
                (ops, b) -> ops.batchedTranspose(b.get(0), b.get(1), batch * c, h, w));
    }

    // ---- activations --------------------------------------------------------------------------

    static Stream<Arguments> activations() {
        return Stream.of(
                        new Relu(),
                        new ShiftedRelu(0.3),
                        new SoftThreshold(0.25),
                        new ClippedRelu(0.2, 0.9),
                        new ClippedSoftThreshold(0.1, 0.7))
                .flatMap(a -> Arrays.stream(SIZES).mapToObj(n -> Arguments.of(a, n)));
    }

    static int[] sizes() {
        return SIZES;
    }

    /**
     * z in [−2, 2) with every kink planted (0, ±τ, ±(τ + m)) so that φ' = 0 at kinks and the exact
     * zeros of the counts are exercised.
     */
    static float[] activationInput(Activation activation, int n) {
        float[] z = uniform(new Random(n * 13L + activation.kind().ordinal()), n, 2);
        float tau = (float) activation.threshold();
        float upper = (float) (activation.threshold() + activation.clip());
        float[] kinks = {0f, tau, -tau, upper, -upper};
        for (int i = 0; i < kinks.length && 7 * i < n; i++) {
            if (Float.isFinite(kinks[i])) {
                z[7 * i] = kinks[i];
            }
        }
        return z;
    }

    @ParameterizedTest(name = "{0} n={1}")
    @MethodSource("activations")
    void activationForwardBackwardAndStats(Activation activation, int n) {
        float[] z = activationInput(activation, n);
        float[] dh = uniform(new Random(n), n, 1);
        compare(
                "forward " + activation,
                EXACT,
                List.of(z),
                new int[] {n},
                (ops, b) -> ops.activationForward(activation, b.get(0), b.get(1), n));
        compare(
                "backward " + activation,
                EXACT,
                List.of(z, dh),
                new int[] {n},
                (ops, b) -> ops.activationBackward(activation, b.get(0), b.get(1), b.get(2), n));
        ActivationStats ref;
        ActivationStats out;
        try (FloatBuffer zc = put(cpu, z);
                FloatBuffer zg = put(gpu, z)) {
            ref = cpu.activationStats(activation, zc, n);
            out = gpu.activationStats(activation, zg, n);
        }
        assertEquals(ref.count(), out.count(), "count");
        assertEquals(ref.zeros(), out.zeros(), "zeros: exact counts");
        assertEquals(ref.clipped(), out.clipped(), "clipped: exact counts");
        DOUBLE_SUM.check("Σz", ref.sum(), out.sum());
        DOUBLE_SUM.check("Σz²", ref.sumOfSquares(), out.sumOfSquares());
    }

    // ---- loss ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "rows={0} classes={1}")
    @CsvSource({"1, 1", "31, 10", "33, 33", "4, 129", "3, 1000", "1000, 10", "0, 5"})
    void softmaxCrossEntropy(int rows, int classes) {
        Random rng = new Random(rows * 1000L + classes);
        float[] logits = uniform(rng, rows * classes, 5);
        int[] labels = new int[Math.max(1, rows)];
        for (int r = 0; r < rows; r++) {
            labels[r] = rng.nextInt(classes);
        }
        LossAccumulator[] totals = {new LossAccumulator(), new LossAccumulator()};
        compare("softmaxCrossEntropy dlogits", LOSS_GRADIENT, List.of(logits), new int[] {rows * classes}, (ops, b) -> {
            try (IntBuffer y = ops.allocateInts(labels.length)) {
                ops.uploadInts(labels, y, labels.length);
                ops.softmaxCrossEntropy(
                        b.get(0), y, b.get(1), rows, classes, 1f / Math.max(1, rows), totals[ops == cpu ? 0 : 1]);
            }
        });
        Tolerance.rel(1e-12).check("loss sum", totals[0].lossSum(), totals[1].lossSum());
        assertEquals(totals[0].correct(), totals[1].correct(), "correct");
        assertEquals(totals[0].examples(), totals[1].examples(), "examples");
    }

    @Test
    void badLabelIsReportedWithItsRow() {
        int rows = 5;
        int classes = 4;
        try (FloatBuffer logits = put(gpu, uniform(new Random(1), rows * classes, 1));
                FloatBuffer dlogits = gpu.allocate(rows * classes);
                IntBuffer y = gpu.allocateInts(rows)) {
            gpu.uploadInts(new int[] {0, 1, 2, 7, -1}, y, rows);
            LossAccumulator into = new LossAccumulator();
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> gpu.softmaxCrossEntropy(logits, y, dlogits, rows, classes, 1f, into));
            assertEquals("label 7 of row 3 is outside [0, 4)", e.getMessage());
            assertEquals(0, into.examples(), "nothing is added on failure");
        }
    }

    // ---- optimizers and reductions -------------------------------------------------------------

    @ParameterizedTest(name = "n={0}")
    @MethodSource("sizes")
    void sgdMomentumAndAdam(int n) {
        Random rng = new Random(n);
        float[] param = uniform(rng, n, 1);
        float[] grad = uniform(rng, n, 0.1);
        float[] velocity = uniform(rng, n, 0.01);
        float[] m = uniform(rng, n, 0.01);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.abs(grad[i]) * 0.001f;
        }
        for (boolean nesterov : new boolean[] {false, true}) {
            compare(
                    "sgd nesterov=" + nesterov,
                    EXACT,
                    List.of(param, grad, velocity),
                    new int[0],
                    (ops, b) -> ops.sgdMomentumStep(b.get(0), b.get(1), b.get(2), n, 0.05f, 0.9f, 1e-4f, nesterov));
        }
        for (long t : new long[] {1, 3, 1000}) {
            compare(
                    "adam t=" + t,
                    EXACT,
                    List.of(param, grad, m, v),
                    new int[0],
                    (ops, b) -> ops.adamStep(
                            b.get(0), b.get(1), b.get(2), b.get(3), n, 1e-3f, 0.9f, 0.999f, 1e-8f, 1e-4f, t));
        }
    }

    /** 300 000 elements exceed the 1024 × 256 threads of the capped grid: the kernel's stride loop. */
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {0, 1, 31, 33, 1000, 4099, 300_000})
    void sumOfSquares(int n) {
        float[] x = uniform(new Random(n), n, 3);
        try (FloatBuffer xc = put(cpu, x);
                FloatBuffer xg = put(gpu, x)) {
            DOUBLE_SUM.check("Σx² n=" + n, cpu.sumOfSquares(xc, n), gpu.sumOfSquares(xg, n));
        }
    }

    // ---- a short training run ----------------------------------------------------------------

    /**
     * 20 SGD steps of a 12-16-16-16-5 ReLU MLP (three hidden layers) on one fixed batch of 32, on both backends
     * from the same parameters: the per-step mean loss agrees to 1e-4 relative. Why not exactly:
     * float32 GEMMs summed in a different order (fmaf in ascending k against OpenBLAS's blocked
     * vector sums) differ by ~1e-7 relative per product, and training feeds those differences
     * back through 20 updates; a real bug (a wrong gradient, a skipped element) moves the loss by
     * orders of magnitude more, and the two trajectories must also both decrease.
     */
    @Test
    void mlpTrainingMatchesCpuLossTrajectory() {
        MlpShape shape = new MlpShape(12, 16, 3, 5);
        int rows = 32;
        int steps = 20;
        Random rng = new Random(5);
        float[] x = uniform(rng, rows * shape.inputs(), 1);
        int[] y = new int[rows];
        for (int r = 0; r < rows; r++) {
            y[r] = rng.nextInt(shape.classes());
        }
        float[] params = uniform(rng, shape.parameterCount(), 0.4);
        double[][] losses = new double[2][steps];
        int which = 0;
        for (Ops ops : List.of(cpu, gpu)) {
            try (Mlp mlp = new Mlp(ops, shape, new Relu(), rows);
                    SgdMomentum sgd = new SgdMomentum(ops, shape.parameterCount(), 0.9, 0, false)) {
                mlp.setParameters(params);
                mlp.setBatch(x, y, rows);
                for (int s = 0; s < steps; s++) {
                    LossAccumulator loss = new LossAccumulator();
                    mlp.forward(rows);
                    mlp.loss(rows, loss);
                    mlp.backward(rows);
                    sgd.step(mlp.parameters(), mlp.gradients(), 0.05f);
                    losses[which][s] = loss.meanLoss();
                }
            }
            which++;
        }
        Tolerance tolerance = Tolerance.rel(1e-4);
        tolerance.checkAll("mean loss by step", losses[0], losses[1]);
        assertTrue(
                losses[1][steps - 1] < 0.9 * losses[1][0], "training lowers the loss: " + Arrays.toString(losses[1]));
    }
}
