package org.sparseeoc.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.SpecLoader;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.MeanFieldMaps;

/**
 * The probe on deep CNNs at initialisation (the "smaller size": 512 channels, depth 20, on
 * the bundled MNIST images' 28×28 shape downsampled to 7×7 by the first two layers), with Gaussian
 * inputs.
 *
 * <p>Finite width. A layer's variance is an average of only about C = 512 independent draws of φ²,
 * however many positions it has ({@link FiniteWidthNoise}: filters and biases are shared by all
 * positions, which become correlated with depth), a spread of about 0.1 in q/q_theory − 1. As in
 * {@link ProbeTest} the per-layer bounds are in units of that predicted spread; the mean over the L
 * layers of zeros − s, an average of an AR(1) process with coefficient V'(q*), is held to three of
 * its standard deviations, zerosSpread·√((1 + V')/((1 − V')·L)).
 *
 * <p>Gaussian filters lose the taps that read zero padding, so on a 7×7 grid the fixed point of the
 * position-wise map sits near 0.88 q*, not q*: the test checks that the measured variance follows
 * that prediction rather than q*.
 */
class CnnProbeTest {
    private static final int CHANNELS = 512;
    private static final int DEPTH = 20;
    private static final int SAMPLES = 16;

    static ExperimentSpec spec(String activation, int channels, int depth, String weights) {
        return SpecLoader.parse("""
                {
                  "name": "cnn-probe-test",
                  "data": {"source": "bundled:mnist-10k", "trainLimit": 128, "testLimit": 16},
                  "model": {"type": "cnn", "depth": %d, "channels": %d, "downsample": [0, 1]},
                  "activation": %s,
                  "init": {"weights": "%s"},
                  "optimizer": {"type": "sgd", "lr": 0.01},
                  "epochs": 1,
                  "batchSize": 64
                }
                """.formatted(depth, channels, activation, weights));
    }

    @ParameterizedTest
    @ValueSource(strings = {"crelu", "cst"})
    void deltaOrthogonalClippedKindsStayAtTheFixedPointWithinChannelNoise(String kind) {
        ExperimentSpec spec = spec(
                "{\"kind\": \"%s\", \"sparsity\": 0.85, \"clip\": 1.0}".formatted(kind), CHANNELS, DEPTH, "orthogonal");
        ProbeResult result = ProbeTest.gaussian(spec, SAMPLES, 1.0);
        System.out.println(result.verdict());
        MeanFieldMaps maps = ProbeTest.maps(spec);
        double qSpread = FiniteWidthNoise.varianceSpread(maps, 1.0, CHANNELS);
        double zerosSpread = FiniteWidthNoise.zerosSpread(maps, 1.0, CHANNELS);
        System.out.printf("%s: predicted spreads q %.4f, zeros %.4f%n", kind, qSpread, zerosSpread);
        assertEquals(DEPTH, result.layers().size());
        assertTrue(
                result.meanVarianceError() <= 1.5 * Math.sqrt(2 / Math.PI) * qSpread,
                "mean |q/q_theory - 1| = " + result.meanVarianceError() + " vs spread " + qSpread);
        for (LayerRow row : result.layers()) {
            Tolerance.abs(4 * zerosSpread).check("zeros, layer " + row.layer(), 0.85, row.zerosMeasured());
            assertTrue(row.clippedMeasured() > 0, "clipped units exist at layer " + row.layer());
            Tolerance.abs(0.03).check("correlation, layer " + row.layer(), row.rhoTheory(), row.rhoMeasured());
        }
        // Every position follows the MLP map on its own, back to q* (no padding loss).
        Tolerance.abs(1e-3)
                .check("the map is back at q*", 1.0, result.layers().getLast().qTheory());
        double meanZeros = result.layers().stream()
                .mapToDouble(LayerRow::zerosMeasured)
                .average()
                .orElseThrow();
        double slope = maps.varianceSlope(1.0);
        double meanSpread = zerosSpread * Math.sqrt((1 + slope) / ((1 - slope) * DEPTH));
        Tolerance.abs(3 * meanSpread).check("mean zeros over layers", 0.85, meanZeros);
        assertEquals(-1, result.divergedLayer());
    }

    @Test
    void gaussianFiltersSettleWhereThePaddedMapPredictsNotAtQStar() {
        ExperimentSpec spec =
                spec("{\"kind\": \"crelu\", \"sparsity\": 0.85, \"clip\": 1.0}", CHANNELS, DEPTH, "gaussian");
        List<LayerRow> layers = ProbeTest.gaussian(spec, SAMPLES, 1.0).layers();
        double qTheory = layers.getLast().qTheory();
        assertTrue(qTheory > 0.8 && qTheory < 0.92, "padded fixed point " + qTheory);
        double measured = 0;
        double predicted = 0;
        for (LayerRow row : layers.subList(5, DEPTH)) {
            measured += row.qMeasured();
            predicted += row.qTheory();
        }
        // The mean over 15 layers: the channel noise (spread ≈ 0.1 per layer, correlated over about
        // two layers) averages down to ≈ 0.04.
        Tolerance.rel(0.07).check("mean deep variance vs the padded map", predicted, measured);
        assertTrue(Math.abs(measured / (layers.size() - 5) - 1) > 0.05, "and not q*: " + measured / 15);
    }

    @Test
    void shiftedReluStartedAboveTheFixedPointDivergesAndIsFlagged() {
        int depth = 50;
        ExperimentSpec spec = spec("{\"kind\": \"relu-tau\", \"sparsity\": 0.85}", 256, depth, "orthogonal");
        ProbeResult result = ProbeTest.gaussian(spec, 8, 1.1);
        System.out.println(result.verdict());
        List<LayerRow> layers = result.layers();
        Tolerance.abs(0.05)
                .check("first layer starts at 1.1 q*", 1.1, layers.getFirst().qMeasured());
        assertTrue(layers.get(5).qTheory() > layers.get(0).qTheory(), "the map grows above q*");
        // As in ProbeTest: the first layers follow the map within the random walk of the per-layer
        // step noise, here at C = 256 channels.
        double step = FiniteWidthNoise.stepSpread(ProbeTest.maps(spec), 1.1, 256);
        for (int l = 1; l <= 5; l++) {
            Tolerance.abs(3 * step * Math.sqrt(l))
                    .check("q/q_theory - 1 at layer " + l, 0.0, layers.get(l).varianceError());
        }
        int diverged = result.divergedLayer();
        assertTrue(diverged > 5 && diverged < depth, "diverged at " + diverged);
        assertTrue(layers.get(diverged).qMeasured() > 1e8);
        assertTrue(layers.get(diverged - 1).qMeasured() <= 1e8);
        assertTrue(result.verdict().contains("DIVERGED at layer " + diverged + " "), result.verdict());
    }
}
