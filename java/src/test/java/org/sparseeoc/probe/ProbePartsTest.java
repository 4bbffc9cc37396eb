package org.sparseeoc.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.ActivationStats;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.Mlp;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;

/** The probe's pieces on small, hand-checkable inputs. */
class ProbePartsTest {
    private static final EocInit CST =
            EocSolver.solve(new EocRequest(ActivationKind.CST, 0.6, new Clip.Relative(1.0), 1.0));

    @Test
    void measurementCountsZerosClipsAndPairCorrelation() {
        // cst at s = 0.6, q* = 1: τ = Φ⁻¹(0.8) = 0.8416, m = 1, so |z| ≤ τ is zero, |z| ≥ 1.8416 clipped.
        float[] z = {0.5f, -3f, 1f, 2f, /* row 1 */ 1f, -3f, 0f, 2f};
        LayerMeasurement m = LayerMeasurement.of(z, 2, 4, CST.activation());
        Tolerance.abs(1e-15).check("q", (0.25 + 9 + 1 + 4 + 1 + 9 + 0 + 4) / 8.0, m.q());
        Tolerance.abs(1e-15).check("zeros", 2 / 8.0, m.zeros());
        Tolerance.abs(1e-15).check("clipped", 4 / 8.0, m.clipped());
        double ab = 0.5 + 9 + 0 + 4;
        Tolerance.abs(1e-15).check("rho", ab / Math.sqrt(14.25 * 14), m.rho());
        assertThrows(IllegalArgumentException.class, () -> LayerMeasurement.of(z, 3, 4, CST.activation()));
    }

    @Test
    void theoryStaysAtTheFixedPointAndCarriesCorrelationOne() {
        TheoryCurve at = TheoryCurve.iterate(CST.maps(), 1.0, 1.0, 6);
        for (int l = 0; l < 6; l++) {
            Tolerance.abs(1e-12).check("q" + l, 1.0, at.q()[l]);
            Tolerance.abs(1e-9).check("rho" + l, 1.0, at.rho()[l]);
            Tolerance.abs(1e-12).check("zeros" + l, 0.6, at.zeros()[l]);
        }
        TheoryCurve low = TheoryCurve.iterate(CST.maps(), 1.0, 0.3, 3);
        Tolerance.abs(1e-12).check("rho1 = R(rho0) at q*", CST.maps().correlation(0.3, 1.0), low.rho()[1]);
    }

    @Test
    void measurementsAgreeWithTheBackendsOwnStatistics() {
        ExperimentSpec spec = ProbeTest.spec("{\"kind\": \"cst\", \"sparsity\": 0.6, \"clip\": 1.0}", 64, 3);
        var shape = new org.sparseeoc.nn.MlpShape(784, 64, 3, 10);
        ProbeOptions options = new ProbeOptions(8, 1.0, 0.5, EnumSet.of(InputKind.GAUSSIAN));
        float[] x = Probe.gaussianInputs(shape, InitScheme.EOC, CST, options, 7);
        try (CpuOps ops = new CpuOps();
                Mlp mlp = new Mlp(ops, shape, CST.activation(), 8)) {
            mlp.setParameters(Initializer.draw(shape, InitScheme.EOC, WeightDistribution.GAUSSIAN, CST, 3));
            mlp.setBatch(x, new int[8], 8);
            mlp.forward(8);
            List<ActivationStats> stats = mlp.hiddenStats(8);
            for (int l = 0; l < 3; l++) {
                LayerMeasurement m = LayerMeasurement.of(mlp.preActivations(l, 8), 8, 64, CST.activation());
                Tolerance.rel(1e-5).check("q" + l, stats.get(l).meanSquare(), m.q());
                Tolerance.abs(0).check("zeros" + l, stats.get(l).zeroFraction(), m.zeros());
                Tolerance.abs(0).check("clipped" + l, stats.get(l).clippedFraction(), m.clipped());
            }
        }
        assertEquals(3, spec.model() instanceof org.sparseeoc.experiment.ModelSpec.Mlp mm ? mm.depth() : -1);
    }

    @Test
    void gaussianPairsHaveThePrescribedCorrelationAndScale() {
        var shape = new org.sparseeoc.nn.MlpShape(4000, 8, 1, 2);
        ProbeOptions options = new ProbeOptions(2, 1.0, 0.5, EnumSet.of(InputKind.GAUSSIAN));
        float[] x = Probe.gaussianInputs(shape, InitScheme.EOC, CST, options, 11);
        double aa = 0;
        double bb = 0;
        double ab = 0;
        for (int i = 0; i < 4000; i++) {
            aa += x[i] * x[i];
            bb += x[4000 + i] * x[4000 + i];
            ab += x[i] * x[4000 + i];
        }
        // E‖x‖² = c²n with c² = (q* − σ_b²)/(w²n): n·c² = (1 − σ_b²)·4000/σ_w²; 3σ of a χ² mean over n.
        double expected = (1 - CST.biasVariance()) / (CST.weightVariance() / 4000) / 4000 * 4000;
        Tolerance.rel(3 * Math.sqrt(2.0 / 4000)).check("|x_a|^2", expected, aa);
        Tolerance.abs(3 / Math.sqrt(4000)).check("input correlation", 0.5, ab / Math.sqrt(aa * bb));
    }

    @Test
    void optionsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ProbeOptions.defaults(1));
        assertThrows(IllegalArgumentException.class, () -> new ProbeOptions(4, 0, 0.5, EnumSet.allOf(InputKind.class)));
        assertThrows(IllegalArgumentException.class, () -> new ProbeOptions(4, 1, 1.5, EnumSet.allOf(InputKind.class)));
        assertThrows(
                IllegalArgumentException.class, () -> new ProbeOptions(4, 1, 0.5, EnumSet.noneOf(InputKind.class)));
    }
}
