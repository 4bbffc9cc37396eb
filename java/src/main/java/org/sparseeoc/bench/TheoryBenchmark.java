package org.sparseeoc.bench;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.CriticalClip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.theory.FixedPointClass;
import org.sparseeoc.theory.Stability;

/**
 * Times the theory engine's user-facing operations at CReLU, s = 0.85, m̃ = 1: the EoC solve with
 * its stability verdict, the critical-clip search, and one correlation-map evaluation. Each
 * operation's result is checked against the reference table before timing (a fast wrong answer is
 * no result).
 */
public final class TheoryBenchmark {
    private static final EocRequest REQUEST = EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.Relative(1.0));

    private TheoryBenchmark() {}

    /** Runs the benchmark; {@code warmupSeconds} per operation, {@code batches} timed batches each. */
    public static List<Timing> run(double warmupSeconds, int batches) {
        validate();
        long warmup = (long) (warmupSeconds * 1e9);
        EocInit init = EocSolver.solve(REQUEST);
        Sink sink = new Sink();
        return List.of(
                Timing.measure(
                        "eoc solve + stability verdict",
                        () -> sink.take(() -> Stability.analyse(EocSolver.solve(REQUEST))
                                .extraFixedPoints()
                                .size()),
                        warmup,
                        50_000_000L,
                        batches),
                Timing.measure(
                        "critical clip search (m_c)",
                        () -> sink.take(() -> CriticalClip.find(ActivationKind.CRELU, 0.85)),
                        warmup,
                        200_000_000L,
                        batches),
                Timing.measure(
                        "correlation map R(0.5)",
                        () -> sink.take(() -> init.maps().correlation(0.5, 1.0)),
                        warmup,
                        50_000_000L,
                        batches));
    }

    private static void validate() {
        EocInit init = EocSolver.solve(REQUEST);
        // Reference values (docs/THEORY.md): sigma_w^2 = 7.743140, sigma_b^2 = 0.621340.
        if (Math.abs(init.weightVariance() - 7.743140) > 1e-6 || Math.abs(init.biasVariance() - 0.621340) > 1e-6) {
            throw new IllegalStateException("EoC solve disagrees with the reference table: " + init);
        }
        if (Stability.analyse(init).qStarClass() != FixedPointClass.ATTRACTING) {
            throw new IllegalStateException("crelu at s=0.85, m=1 must be attracting");
        }
        double critical = CriticalClip.find(ActivationKind.CRELU, 0.85);
        if (!(critical > 1 && critical < 3)) {
            throw new IllegalStateException("critical clip out of range: " + critical);
        }
    }

    /** Consumes results so the JIT cannot drop the timed work. */
    private static final class Sink {
        private double sum;

        void take(DoubleSupplier value) {
            sum += value.getAsDouble();
            if (sum == Double.MIN_VALUE) {
                throw new AssertionError("unreachable: keeps the sum live");
            }
        }
    }
}
