package org.sparseeoc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.Transpose;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cuda.CudaOps;
import org.sparseeoc.backend.cuda.Device;
import org.sparseeoc.backend.cuda.GemmLibrary;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.Network;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.train.SgdMomentum;

/**
 * The CUDA backend's speed on one device, each kernel validated once against the CPU backend
 * before it is timed (llm.c style), timed with {@link DeviceTiming} (launches, then
 * cuCtxSynchronize):
 *
 * <ol>
 *   <li>activation kernels' achieved bandwidth (bytes read + written per second) against the
 *       device's theoretical peak, 2 × memory clock × bus width (DDR: two transfers per clock);
 *   <li>the built-in {@code sgemm} kernel against cuBLAS's SGEMM on square products (2n³ FLOPs);
 *   <li>training steps/s of an MLP (SGD momentum 0.9 on one fixed random batch) through {@link
 *       CudaOps}, with GEMM as a real run gets it ({@link GemmLibrary#AUTO}).
 * </ol>
 *
 * The device is opened twice, once with {@link GemmLibrary#BUILTIN} (a and b) and once with {@link
 * GemmLibrary#AUTO} (cuBLAS for b, and c), so both GEMMs run on the same card in one session. On
 * the host emulator (CI) everything runs at tiny sizes and there is no cuBLAS and no peak.
 */
public final class GpuBenchmark {
    private static final float TAU = 1.0364f; // CReLU/CST at s = 0.85, m̃ = 1 (as the CPU elementwise benchmark)
    private static final float CLIP = 1.0f;
    /** |ref − out| ≤ GEMM_RTOL·Σ_k|a_ik·b_kj|: FP32 sums in another order (about √k·2⁻²⁴ typically). */
    private static final double GEMM_RTOL = 1e-4;
    /** Loss of the first forward pass, GPU against CPU: the summation orders of 21 GEMMs differ. */
    private static final double LOSS_RTOL = 1e-3;
    /** Sampled entries of each GEMM result checked against a double-precision dot product. */
    private static final int GEMM_SAMPLES = 256;

    private GpuBenchmark() {}

    /**
     * What to run.
     *
     * @param activationElements floats per activation buffer, ≥ 1
     * @param gemmSizes n of each n×n×n product, each ≥ 1
     * @param mlp the trained network
     * @param trainBatch rows per training step, ≥ 1
     * @param warmupSeconds warm-up per measurement, ≥ 0
     * @param batches timed batches per measurement, ≥ 1
     */
    public record Config(
            int activationElements,
            List<Integer> gemmSizes,
            MlpShape mlp,
            int trainBatch,
            double warmupSeconds,
            int batches) {
        public Config {
            gemmSizes = List.copyOf(gemmSizes);
            if (activationElements < 1 || trainBatch < 1 || batches < 1 || !(warmupSeconds >= 0)) {
                throw new IllegalArgumentException(
                        "activation elements, train batch and batches must be >= 1 and warm-up >= 0");
            }
            if (gemmSizes.isEmpty() || gemmSizes.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("GEMM sizes must be >= 1, got " + gemmSizes);
            }
        }

        /** The configuration: 32 Mi floats (128 MiB, past any L2), n = 1024..8192, the 784-4096×20-10 MLP at batch 1024. */
        public static Config standard(double warmupSeconds, int batches) {
            return new Config(
                    1 << 25,
                    List.of(1024, 2048, 4096, 8192),
                    new MlpShape(784, 4096, 20, 10),
                    1024,
                    warmupSeconds,
                    batches);
        }
    }

    /** An activation kernel's timing and bytes moved per call, against the device's peak if known. */
    public record Bandwidth(Timing timing, double bytesPerCall, OptionalDouble peakBytesPerSecond) {
        public double gigabytesPerSecond() {
            return bytesPerCall / timing.medianNanos();
        }

        /** Achieved / theoretical peak bandwidth (the goal is ≥ 0.7). */
        public OptionalDouble fractionOfPeak() {
            return peakBytesPerSecond.isPresent()
                    ? OptionalDouble.of(gigabytesPerSecond() * 1e9 / peakBytesPerSecond.getAsDouble())
                    : OptionalDouble.empty();
        }
    }

    /** The built-in SGEMM and cuBLAS (when it loaded) on one n×n×n product. */
    public record GemmComparison(int size, Timing builtin, Optional<Timing> cublas) {
        public double flops() {
            return 2.0 * size * size * size;
        }

        public double builtinGflops() {
            return flops() / builtin.medianNanos();
        }

        public OptionalDouble cublasGflops() {
            return cublas.map(t -> OptionalDouble.of(flops() / t.medianNanos())).orElse(OptionalDouble.empty());
        }

        /** Built-in / cuBLAS GFLOP/s (the goal is ≥ 0.6). */
        public OptionalDouble ratio() {
            return cublasGflops().isPresent()
                    ? OptionalDouble.of(builtinGflops() / cublasGflops().getAsDouble())
                    : OptionalDouble.empty();
        }
    }

    /**
     * Training throughput.
     *
     * @param step per-step timing
     * @param batch rows per step
     * @param gemm the GEMM the steps used
     * @param deviceLoss mean loss of the first forward pass on the device
     * @param cpuLoss the same on the CPU backend (the validation)
     */
    public record Training(Timing step, int batch, String gemm, double deviceLoss, double cpuLoss) {
        public double samplesPerSecond() {
            return batch / (step.medianNanos() * 1e-9);
        }
    }

    /**
     * Everything measured.
     *
     * @param device the device, in words
     * @param peakBytesPerSecond theoretical memory bandwidth, when the device reports it
     * @param cublas cuBLAS's version, or why it is not there
     */
    public record Report(
            String device,
            OptionalDouble peakBytesPerSecond,
            List<Bandwidth> activations,
            List<GemmComparison> gemm,
            String cublas,
            Training training) {
        public Report {
            activations = List.copyOf(activations);
            gemm = List.copyOf(gemm);
        }
    }

    /**
     * Runs every measurement on devices that {@code open} returns for a GEMM choice (a real GPU:
     * {@code JCudaDevice::open}; CI: the emulator). Throws IllegalStateException when a kernel's
     * output disagrees with the CPU's.
     */
    public static Report run(Function<GemmLibrary, Device> open, Config config) {
        long warmup = (long) (config.warmupSeconds() * 1e9);
        List<Bandwidth> activations;
        List<Timing> builtin = new ArrayList<>();
        String device;
        OptionalDouble peak;
        try (CudaOps ops = new CudaOps(open.apply(GemmLibrary.BUILTIN))) {
            device = ops.device().description();
            peak = peakBandwidth(ops.device().details());
            activations = activations(ops, config.activationElements(), peak, warmup, config.batches());
            for (int n : config.gemmSizes()) {
                builtin.add(gemm(ops, "sgemm built-in", n, warmup, config.batches()));
            }
        }
        try (CudaOps ops = new CudaOps(open.apply(GemmLibrary.AUTO))) {
            List<GemmComparison> gemm = new ArrayList<>();
            for (int i = 0; i < builtin.size(); i++) {
                int n = config.gemmSizes().get(i);
                Optional<Timing> cublas = ops.device().blas().isPresent()
                        ? Optional.of(gemm(ops, "sgemm cuBLAS", n, warmup, config.batches()))
                        : Optional.empty();
                gemm.add(new GemmComparison(n, builtin.get(i), cublas));
            }
            String cublas = ops.device().details().getOrDefault("cublas", "none on this device");
            Training training = training(ops, config.mlp(), config.trainBatch(), warmup, config.batches());
            return new Report(device, peak, activations, gemm, cublas, training);
        }
    }

    /**
     * 2 × memory clock × bus width / 8 bytes per second, from the attributes {@code JCudaDevice}
     * records ({@code device.memory_clock_khz}, {@code device.memory_bus_bits}); empty when the
     * device does not report them (the emulator).
     */
    static OptionalDouble peakBandwidth(Map<String, String> details) {
        String clock = details.get("device.memory_clock_khz");
        String bus = details.get("device.memory_bus_bits");
        if (clock == null || bus == null) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(2 * Double.parseDouble(clock) * 1e3 * Double.parseDouble(bus) / 8);
    }

    private static List<Bandwidth> activations(CudaOps gpu, int n, OptionalDouble peak, long warmupNanos, int batches) {
        SplittableRandom random = new SplittableRandom(3);
        float[] zHost = gaussian(random, n);
        float[] dhHost = gaussian(random, n);
        List<Bandwidth> results = new ArrayList<>();
        try (CpuOps cpu = new CpuOps();
                FloatBuffer z = upload(gpu, zHost);
                FloatBuffer dh = upload(gpu, dhHost);
                FloatBuffer out = gpu.allocate(n);
                FloatBuffer zCpu = upload(cpu, zHost);
                FloatBuffer dhCpu = upload(cpu, dhHost);
                FloatBuffer outCpu = cpu.allocate(n)) {
            record Elementwise(String name, double bytesPerElement, OpOn op) {}
            List<Elementwise> kernels = List.of(
                    new Elementwise("relu fwd", 8, (ops, zz, dd, o) -> ops.reluForward(zz, o, n)),
                    new Elementwise("crelu fwd", 8, (ops, zz, dd, o) -> ops.creluForward(TAU, CLIP, zz, o, n)),
                    new Elementwise("crelu bwd", 12, (ops, zz, dd, o) -> ops.creluBackward(TAU, CLIP, zz, dd, o, n)),
                    new Elementwise("cst fwd", 8, (ops, zz, dd, o) -> ops.cstForward(TAU, CLIP, zz, o, n)));
            for (Elementwise k : kernels) {
                gpu.fill(out, n, Float.NaN); // an element the kernel does not write fails the check
                k.op().run(gpu, z, dh, out);
                k.op().run(cpu, zCpu, dhCpu, outCpu);
                checkExact(k.name(), download(cpu, outCpu, n), download(gpu, out, n));
                Timing t = DeviceTiming.measure(
                        k.name() + " " + n, () -> k.op().run(gpu, z, dh, out), gpu.device(), warmupNanos, batches);
                results.add(new Bandwidth(t, k.bytesPerElement() * n, peak));
            }
        }
        return results;
    }

    /** An elementwise op on one backend's buffers: input z, incoming gradient dh, output. */
    @FunctionalInterface
    private interface OpOn {
        void run(Ops ops, FloatBuffer z, FloatBuffer dh, FloatBuffer out);
    }

    /** C[n×n] = A·B; validated on sampled entries, then timed. */
    private static Timing gemm(CudaOps gpu, String name, int n, long warmupNanos, int batches) {
        SplittableRandom random = new SplittableRandom(n);
        float[] a = uniform(random, n * n); // [n, n]
        float[] b = uniform(random, n * n); // [n, n]
        try (FloatBuffer da = upload(gpu, a);
                FloatBuffer db = upload(gpu, b);
                FloatBuffer dc = gpu.allocate((long) n * n)) {
            Runnable product = () -> gpu.gemm(Transpose.NO, Transpose.NO, n, n, n, 1f, da, n, db, n, 0f, dc, n);
            gpu.fill(dc, (long) n * n, Float.NaN);
            product.run();
            checkGemm(name, n, a, b, download(gpu, dc, n * n), random);
            return DeviceTiming.measure(name + " " + n, product, gpu.device(), warmupNanos, batches);
        }
    }

    private static Training training(CudaOps gpu, MlpShape shape, int batch, long warmupNanos, int batches) {
        EocInit relu = EocSolver.solve(EocRequest.of(ActivationKind.RELU, 0.5, new Clip.None()));
        float[] parameters = Initializer.draw(shape, InitScheme.EOC, WeightDistribution.GAUSSIAN, relu, 1);
        SplittableRandom random = new SplittableRandom(1);
        float[] x = gaussian(random, batch * shape.inputs()); // [batch, inputs]
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(shape.classes());
        }
        double cpuLoss;
        try (CpuOps cpu = new CpuOps();
                Network net = Network.create(cpu, shape, relu.activation(), batch)) {
            cpuLoss = firstLoss(net, parameters, x, y, batch);
        }
        try (Network net = Network.create(gpu, shape, relu.activation(), batch);
                SgdMomentum sgd = new SgdMomentum(gpu, shape.parameterCount(), 0.9, 0, false)) {
            double deviceLoss = firstLoss(net, parameters, x, y, batch);
            if (!(Math.abs(deviceLoss - cpuLoss) <= LOSS_RTOL * Math.abs(cpuLoss))) {
                throw new IllegalStateException("training validation: first loss on the device %.9g, on the CPU %.9g"
                                .formatted(deviceLoss, cpuLoss)
                        + " (tolerance " + LOSS_RTOL + " relative)");
            }
            LossAccumulator loss = new LossAccumulator();
            Runnable step = () -> {
                net.setBatch(x, y, batch);
                net.forward(batch);
                loss.reset();
                net.loss(batch, loss);
                net.backward(batch);
                sgd.step(net.parameters(), net.gradients(), 1e-3f);
            };
            String name = "train mlp %d-%dx%d-%d batch %d"
                    .formatted(shape.inputs(), shape.width(), shape.depth(), shape.classes(), batch);
            Timing t = DeviceTiming.measure(name, step, gpu.device(), warmupNanos, batches);
            return new Training(t, batch, gpu.info().gemm(), deviceLoss, cpuLoss);
        }
    }

    private static double firstLoss(Network net, float[] parameters, float[] x, int[] y, int batch) {
        net.setParameters(parameters);
        net.setBatch(x, y, batch);
        net.forward(batch);
        LossAccumulator loss = new LossAccumulator();
        net.loss(batch, loss);
        return loss.lossSum() / batch;
    }

    /** The elementwise kernels compute the CPU twin's exact float operations: equal bits. */
    private static void checkExact(String name, float[] ref, float[] out) {
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToIntBits(ref[i]) != Float.floatToIntBits(out[i])) {
                throw new IllegalStateException(
                        "%s validation: element %d is %s on the device, %s on the CPU (tolerance 0)"
                                .formatted(name, i, out[i], ref[i]));
            }
        }
    }

    /** Sampled entries (the corners among them) against double-precision dot products. */
    private static void checkGemm(String name, int n, float[] a, float[] b, float[] c, SplittableRandom random) {
        for (int s = 0; s < GEMM_SAMPLES; s++) {
            int i = s == 0 ? 0 : s == 1 ? n - 1 : random.nextInt(n);
            int j = s == 0 ? 0 : s == 1 ? n - 1 : random.nextInt(n);
            double ref = 0;
            double magnitude = 0;
            for (int k = 0; k < n; k++) {
                double term = (double) a[i * n + k] * b[k * n + j];
                ref += term;
                magnitude += Math.abs(term);
            }
            double tolerance = GEMM_RTOL * magnitude;
            if (!(Math.abs(ref - c[i * n + j]) <= tolerance)) {
                throw new IllegalStateException(
                        "%s %d validation: C[%d, %d] is %s on the device, %s exactly (tolerance %.3g)"
                                .formatted(name, n, i, j, c[i * n + j], ref, tolerance));
            }
        }
    }

    private static FloatBuffer upload(Ops ops, float[] values) {
        FloatBuffer buffer = ops.allocate(values.length);
        ops.upload(values, 0, buffer, 0, values.length);
        return buffer;
    }

    private static float[] download(Ops ops, FloatBuffer buffer, int n) {
        float[] values = new float[n];
        ops.download(buffer, 0, values, 0, n);
        return values;
    }

    private static float[] gaussian(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }
}
