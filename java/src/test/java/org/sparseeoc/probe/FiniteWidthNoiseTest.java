package org.sparseeoc.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.SpecLoader;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.theory.MeanFieldMaps;

/**
 * The finite-width noise model that {@link ProbeTest}'s bounds rest on, checked against the
 * scatter of many small networks: the RMS of q/q_theory − 1 and of zeros − predicted over deep
 * layers (past the map's transient) and over seeds must match {@link FiniteWidthNoise}.
 */
class FiniteWidthNoiseTest {
    private static final int WIDTH = 250;
    private static final int DEPTH = 40;
    private static final int SKIP = 8;
    private static final int SEEDS = 12;

    @ParameterizedTest
    @ValueSource(strings = {"crelu", "cst"})
    void predictedSpreadMatchesTheScatterOfManyNetworks(String kind) {
        double sumQ = 0;
        double sumZeros = 0;
        int count = 0;
        MeanFieldMaps maps = null;
        for (int seed = 1; seed <= SEEDS; seed++) {
            ExperimentSpec spec = SpecLoader.parse("""
                    {
                      "name": "noise", "seed": %d,
                      "data": {"source": "bundled:mnist-10k", "trainLimit": 32, "testLimit": 16},
                      "model": {"type": "mlp", "depth": %d, "width": %d},
                      "activation": {"kind": "%s", "sparsity": 0.85, "clip": 1.0},
                      "optimizer": {"type": "sgd", "lr": 0.01}, "epochs": 1, "batchSize": 16
                    }
                    """.formatted(seed, DEPTH, WIDTH, kind));
            maps = EocSolver.solve(spec.activation().toRequest()).maps();
            ProbeResult result = Probe.run(spec, new ProbeOptions(8, 1.0, 0.5, EnumSet.of(InputKind.GAUSSIAN)))
                    .getFirst();
            for (LayerRow row : result.layers().subList(SKIP, DEPTH)) {
                sumQ += row.varianceError() * row.varianceError();
                double dz = row.zerosMeasured() - row.zerosTheory();
                sumZeros += dz * dz;
                count++;
            }
        }
        double rmsQ = Math.sqrt(sumQ / count);
        double rmsZeros = Math.sqrt(sumZeros / count);
        double predictedQ = FiniteWidthNoise.varianceSpread(maps, 1.0, WIDTH);
        double predictedZeros = FiniteWidthNoise.zerosSpread(maps, 1.0, WIDTH);
        System.out.printf(
                "%s width %d: rms q error %.4f (predicted %.4f), rms zeros error %.4f (predicted %.4f)%n",
                kind, WIDTH, rmsQ, predictedQ, rmsZeros, predictedZeros);
        // 12 seeds × 32 layers, correlated over ~2–3 layers: ~150 effective samples, so the RMS is
        // known to about 6%; 25% leaves room for the linearisation at this width.
        Tolerance.rel(0.25).check("rms of q/q_theory - 1", predictedQ, rmsQ);
        Tolerance.rel(0.25).check("rms of zeros - predicted", predictedZeros, rmsZeros);
        assertTrue(predictedQ > Math.sqrt(2.0 / WIDTH), "sparse units make it larger than the naive sqrt(2/N)");
    }
}
