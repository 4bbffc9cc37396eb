package org.sparseeoc.bench;

import java.util.SplittableRandom;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.Mlp;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.train.SgdMomentum;

/**
 * Training throughput of a 784-width×depth-10 MLP (one full step: upload, forward, loss, backward,
 * SGD momentum update) on the CPU backend with random inputs, and the FLOP rate that implies: a
 * step costs 6 multiply-add-FLOPs per weight per example (2 forward, 2 for dW, 2 for dH; the first
 * layer's dX is not computed, which the count subtracts).
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    /** Result of one configuration. */
    public record Result(String name, Timing step, double samplesPerSecond, double gflops) {}

    /** Times one configuration (the loss is checked to be finite before timing). */
    public static Result run(
            ActivationKind kind, double sparsity, Clip clip, int width, int depth, int batch, double warmupSeconds, int batches) {
        EocInit eoc = EocSolver.solve(EocRequest.of(kind, sparsity, clip));
        MlpShape shape = new MlpShape(784, width, depth, 10);
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[batch * shape.inputs()];
        int[] y = new int[batch];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < batch; i++) {
            y[i] = random.nextInt(10);
        }
        try (Ops ops = new CpuOps();
                Mlp mlp = new Mlp(ops, shape, eoc.activation(), batch);
                SgdMomentum sgd = new SgdMomentum(ops, shape.parameterCount(), 0.9, 0, false)) {
            mlp.setParameters(Initializer.draw(shape, InitScheme.EOC, eoc, 1));
            Runnable step = () -> {
                mlp.setBatch(x, y, batch);
                mlp.forward(batch);
                mlp.loss(batch);
                mlp.backward(batch);
                sgd.step(mlp.parameters(), mlp.gradients(), 1e-3f);
            };
            mlp.setBatch(x, y, batch);
            mlp.forward(batch);
            double loss = mlp.loss(batch).sumLoss();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("benchmark network gives a non-finite loss");
            }
            String name = "%s 784-%dx%d-10 batch %d".formatted(kind.cliName(), width, depth, batch);
            Timing timing = Timing.measure(name, step, (long) (warmupSeconds * 1e9), 300_000_000L, batches);
            double samples = batch / (timing.medianNanos() * 1e-9);
            long macs = shape.forwardMacsPerExample();
            double flopsPerSample = 6.0 * macs - 2.0 * shape.inputs() * width;
            return new Result(name, timing, samples, samples * flopsPerSample / 1e9);
        }
    }
}
