package org.sparseeoc.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.sparseeoc.testing.Tolerance;

class ActivationKindTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void namesListsEveryKindInDeclarationOrder() {
        assertEquals("relu, relu-tau, st, crelu, cst", ActivationKind.names());
    }

    @Test
    void fromNameRoundTripsAndIgnoresCase() {
        for (ActivationKind kind : ActivationKind.values()) {
            assertEquals(kind, ActivationKind.fromName(kind.cliName()));
            assertEquals(kind, ActivationKind.fromName(kind.cliName().toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals(ActivationKind.CRELU, ActivationKind.fromName("CReLU"));
        assertEquals(ActivationKind.RELU_TAU, ActivationKind.fromName("ReLU-Tau"));
    }

    @Test
    void fromNameRejectsUnknownNamesListingTheValidOnes() {
        for (String bad : new String[] {"", "foo", "relu_tau", "RELU_TAU", " relu", "relu ", "soft", "c-relu"}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> ActivationKind.fromName(bad), "'" + bad + "'");
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(ActivationKind.names()), e.getMessage());
        }
    }

    @Test
    void flags() {
        for (ActivationKind kind : ActivationKind.values()) {
            boolean odd = kind == ActivationKind.ST || kind == ActivationKind.CST;
            boolean clipped = kind == ActivationKind.CRELU || kind == ActivationKind.CST;
            assertEquals(odd, kind.odd(), kind.name());
            assertEquals(clipped, kind.clipped(), kind.name());
            assertEquals(kind != ActivationKind.RELU, kind.thresholded(), kind.name());
        }
    }

    @Test
    void createBuildsTheRightFamilyWithItsParameters() {
        Tolerance exact = Tolerance.abs(0); // parameters are stored, not computed
        Activation relu = ActivationKind.RELU.create(0, INF);
        assertInstanceOf(Relu.class, relu);
        Activation shifted = ActivationKind.RELU_TAU.create(0.3, INF);
        assertInstanceOf(ShiftedRelu.class, shifted);
        Activation st = ActivationKind.ST.create(1.2, INF);
        assertInstanceOf(SoftThreshold.class, st);
        Activation crelu = ActivationKind.CRELU.create(2.5, 0.2);
        assertInstanceOf(ClippedRelu.class, crelu);
        Activation cst = ActivationKind.CST.create(0, 3.1);
        assertInstanceOf(ClippedSoftThreshold.class, cst);
        Activation[] acts = {relu, shifted, st, crelu, cst};
        double[] taus = {0, 0.3, 1.2, 2.5, 0};
        double[] clips = {INF, INF, INF, 0.2, 3.1};
        for (int i = 0; i < acts.length; i++) {
            assertEquals(ActivationKind.values()[i], acts[i].kind());
            exact.check(acts[i].describe() + " tau", taus[i], acts[i].threshold());
            exact.check(acts[i].describe() + " m", clips[i], acts[i].clip());
        }
        assertEquals("relu", relu.describe());
        assertEquals("crelu(tau=2.50000, m=0.200000)", crelu.describe());
    }

    @Test
    void reluTakesNoThresholdOrClip() {
        for (double[] bad : new double[][] {{0.3, INF}, {0, 1}, {-1, INF}, {Double.NaN, INF}, {0, Double.NaN}}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> ActivationKind.RELU.create(bad[0], bad[1]),
                    Arrays.toString(bad));
            assertTrue(e.getMessage().startsWith("relu has no threshold or clip"), e.getMessage());
        }
    }

    @Test
    void clipIsRejectedOnUnclippedKinds() {
        for (ActivationKind kind : new ActivationKind[] {ActivationKind.RELU_TAU, ActivationKind.ST}) {
            for (double m : new double[] {1, 0.2, Double.MAX_VALUE}) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> kind.create(0.3, m), kind + " m=" + m);
                assertTrue(e.getMessage().contains("only for crelu and cst"), e.getMessage());
            }
        }
    }

    @Test
    void clippedKindsNeedAFinitePositiveClip() {
        for (ActivationKind kind : new ActivationKind[] {ActivationKind.CRELU, ActivationKind.CST}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> kind.create(0.3, INF), kind + " m=inf");
            assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
            for (double m : new double[] {Double.NaN, -INF, 0, -0.0, -1}) {
                e = assertThrows(IllegalArgumentException.class, () -> kind.create(0.3, m), kind + " m=" + m);
                assertTrue(e.getMessage().contains("clip m must be > 0"), e.getMessage());
            }
        }
    }

    @Test
    void thresholdMustBeFiniteAndNonNegative() {
        for (ActivationKind kind : ActivationKind.values()) {
            if (!kind.thresholded()) {
                continue;
            }
            double m = kind.clipped() ? 1 : INF;
            for (double tau : new double[] {-1e-300, -0.3, Double.NaN, INF, -INF}) {
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> kind.create(tau, m), kind + " tau=" + tau);
                assertTrue(e.getMessage().contains("threshold tau"), e.getMessage());
            }
        }
    }

    @Test
    void zeroThresholdIsAllowedEverywhere() {
        Tolerance exact = Tolerance.abs(0);
        for (ActivationKind kind : ActivationKind.values()) {
            Activation act = kind.create(0, kind.clipped() ? 1 : INF);
            exact.check(kind + " tau", 0, act.threshold());
        }
        // −0.0 is "0" for relu (it has no threshold to set).
        assertInstanceOf(Relu.class, ActivationKind.RELU.create(-0.0, INF));
    }
}
