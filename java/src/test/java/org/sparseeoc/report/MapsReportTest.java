package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.testing.Tolerance;
import org.sparseeoc.theory.ClipAdvice;
import org.sparseeoc.theory.CriticalClip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.InvalidRequestException;
import org.sparseeoc.theory.MeanFieldMaps;
import org.sparseeoc.theory.VarianceIteration;

/** One report (crelu, s = 0.85, m̃ = 1, q* = 2) written once and checked against the theory API. */
class MapsReportTest {
    private static final ActivationKind KIND = ActivationKind.CRELU;
    private static final double S = 0.85;
    private static final double CLIP = 1.0;
    private static final double QSTAR = 2.0;
    /** The CSV holds Double.toString of the very values the theory API returns: agreement is to rounding. */
    private static final Tolerance EXACT = new Tolerance(1e-14, 1e-12);

    private static final List<String> PLOTS = List.of(
            "variance-map",
            "variance-excess",
            "variance-map-wide",
            "clip-slope",
            "clip-curvature",
            "critical-clip",
            "correlation-map",
            "variance-iteration",
            "variance-iteration-deviation");

    @TempDir
    static Path dir;

    private static List<Path> files;
    private static MapsReport.Setup setup;

    @BeforeAll
    static void writeOnce() throws IOException {
        files = MapsReport.write(KIND, S, CLIP, QSTAR, dir.resolve("out"));
        setup = MapsReport.Setup.of(KIND, S, CLIP, QSTAR);
    }

    private static Path out(String name) {
        return dir.resolve("out").resolve(name);
    }

    private static CsvFile csv(String base) throws IOException {
        return CsvFile.read(out(base + ".csv"));
    }

    private static MeanFieldMaps maps(ActivationKind kind) {
        return setup.inits().get(kind).maps();
    }

    @Test
    void writesOneCsvPngAndSvgPerPlotAndTheInitTableAndNothingElse() throws IOException {
        List<Path> expected = new ArrayList<>(List.of(out("eoc-init.csv")));
        for (String base : PLOTS) {
            expected.addAll(List.of(out(base + ".csv"), out(base + ".png"), out(base + ".svg")));
        }
        assertEquals(expected, files);
        for (Path file : files) {
            assertTrue(Files.size(file) > 0, file + " is empty");
        }
        List<String> names = LinePlotTest.listing(dir.resolve("out"));
        assertEquals(
                files.stream().map(p -> p.getFileName().toString()).sorted().toList(), names);
        assertTrue(names.stream().noneMatch(n -> n.startsWith(".")), "temporary files left: " + names);
    }

    @Test
    void everyPngDecodesAndEverySvgParses() throws Exception {
        for (String base : PLOTS) {
            LinePlotTest.assertPng(out(base + ".png"), LinePlot.DEFAULT_WIDTH, LinePlot.DEFAULT_HEIGHT);
            LinePlotTest.assertSvg(out(base + ".svg"));
        }
    }

    @Test
    void initTableMatchesTheSolver() throws IOException {
        CsvFile t = csv("eoc-init");
        assertEquals(4, t.rowCount());
        for (ActivationKind k : MapsReport.KINDS) {
            int r = t.rowWhere("activation", k.cliName());
            EocInit init = setup.inits().get(k);
            assertEquals(Boolean.toString(k == KIND), t.text(r, "selected"));
            assertEquals("ok", t.text(r, "status"));
            EXACT.check(k + " tau", init.activation().threshold(), t.number(r, "tau"));
            EXACT.check(k + " sigma_w2", init.weightVariance(), t.number(r, "sigma_w2"));
            EXACT.check(k + " sigma_b2", init.biasVariance(), t.number(r, "sigma_b2"));
            EXACT.check(k + " V'", init.varianceSlope(), t.number(r, "V'(q*)"));
            EXACT.check(k + " V''", init.varianceCurvature(), t.number(r, "V''(q*)"));
            EXACT.check(k + " R(0)", init.correlationAtZero(), t.number(r, "R(0)"));
            assertEquals(QSTAR, t.number(r, "qstar"));
            assertEquals("", t.text(r, "other_fixed_points"), "m = 1 is below the critical clip at s = 0.85");
        }
        int crelu = t.rowWhere("activation", "crelu");
        assertEquals("attracting", t.text(crelu, "qstar_class"));
        EXACT.check("m", CLIP * Math.sqrt(QSTAR), t.number(crelu, "m"));
        ClipAdvice advice = CriticalClip.advise(ActivationKind.CRELU, S);
        EXACT.check("m_c", advice.criticalClip(), t.number(crelu, "m_rel_critical"));
        EXACT.check("m_rec", advice.recommendedClip(), t.number(crelu, "m_rel_recommended"));
        int relu = t.rowWhere("activation", "relu-tau");
        assertEquals("semi_stable", t.text(relu, "qstar_class"));
        assertEquals(Double.POSITIVE_INFINITY, t.number(relu, "m"));
        assertEquals(Double.POSITIVE_INFINITY, t.number(relu, "xi_q"));
        assertTrue(Double.isNaN(t.number(relu, "m_rel_critical")));
        // Reference values from docs/THEORY.md (q* = 1 there; sigma_b^2 scales with q*).
        Tolerance table = Tolerance.abs(1e-6);
        table.check("crelu sigma_w2", 7.743140, t.number(crelu, "sigma_w2"));
        table.check("crelu sigma_b2", 0.621340 * QSTAR, t.number(crelu, "sigma_b2"));
        table.check("crelu V'", 0.611578, t.number(crelu, "V'(q*)"));
    }

    @Test
    void varianceMapRowsMatchTheMaps() throws IOException {
        CsvFile t = csv("variance-map");
        CsvFile e = csv("variance-excess");
        assertEquals(MapsReport.NARROW_POINTS, t.rowCount());
        assertEquals(MapsReport.NARROW_POINTS, e.rowCount());
        assertEquals("variance", t.unit("q"));
        EXACT.check("last q", MapsReport.NARROW_RANGE * QSTAR, t.number(t.rowCount() - 1, "q"));
        assertTrue(t.number(0, "q") > 0);
        for (int r : new int[] {0, 57, MapsReport.NARROW_POINTS / 3 - 1, t.rowCount() - 1}) {
            double q = t.number(r, "q");
            EXACT.check("q/q*", q / QSTAR, t.number(r, "q/q*"));
            assertEquals(q, e.number(r, "q"));
            for (ActivationKind k : MapsReport.KINDS) {
                double v = maps(k).variance(q);
                EXACT.check("V_" + k.cliName() + "[" + r + "]", v, t.number(r, "V_" + k.cliName()));
                Tolerance.abs(1e-13 * QSTAR)
                        .check("V-q " + k.cliName() + "[" + r + "]", v - q, e.number(r, "V_" + k.cliName() + "-q"));
            }
        }
        // The row at q = q*: every map passes through the fixed point.
        int atQStar = MapsReport.NARROW_POINTS / 3 - 1;
        EXACT.check("q*", QSTAR, t.number(atQStar, "q"));
        for (ActivationKind k : MapsReport.KINDS) {
            Tolerance.abs(1e-12).check("V(q*) " + k, QSTAR, t.number(atQStar, "V_" + k.cliName()));
        }
    }

    @Test
    void wideVarianceMapSpansTheStabilityScan() throws IOException {
        CsvFile t = csv("variance-map-wide");
        assertEquals(MapsReport.WIDE_POINTS, t.rowCount());
        EXACT.check("first q", MapsReport.WIDE_MIN * QSTAR, t.number(0, "q"));
        EXACT.check("last q", 200 * QSTAR, t.number(t.rowCount() - 1, "q"));
        double[] q = t.numbers("q");
        for (int i = 1; i < q.length; i++) {
            assertTrue(q[i] > q[i - 1], "q ascending");
        }
        for (int r : new int[] {0, 100, 211, t.rowCount() - 1}) {
            for (ActivationKind k : MapsReport.KINDS) {
                double v = maps(k).variance(q[r]);
                EXACT.check("V " + k + "[" + r + "]", v, t.number(r, "V_" + k.cliName()));
                EXACT.check("V/q " + k + "[" + r + "]", v / q[r], t.number(r, "V_" + k.cliName() + "/q"));
            }
        }
    }

    @Test
    void clipSweepMatchesTheSolverAndExtendsPastTheCriticalClip() throws IOException {
        CsvFile slope = csv("clip-slope");
        CsvFile curvature = csv("clip-curvature");
        assertEquals(MapsReport.CLIP_POINTS, slope.rowCount());
        assertEquals(List.of("m_rel", "V'(q*)_crelu", "V'(q*)_cst"), slope.names());
        assertEquals(List.of("m_rel", "V''(q*)_crelu", "V''(q*)_cst"), curvature.names());
        assertEquals("1/variance", curvature.unit("V''(q*)_crelu"));
        double last = slope.number(slope.rowCount() - 1, "m_rel");
        assertTrue(last >= 2 * CriticalClip.find(ActivationKind.CRELU, S), "sweep reaches 2 m_c: " + last);
        for (int r : new int[] {0, 49, 150, slope.rowCount() - 1}) {
            double m = slope.number(r, "m_rel");
            assertEquals(m, curvature.number(r, "m_rel"));
            for (ActivationKind k : MapsReport.CLIPPED) {
                EocInit init = org.sparseeoc.theory.EocSolver.solve(MapsReport.request(k, S, m, QSTAR));
                EXACT.check("V' " + k + "[" + r + "]", init.varianceSlope(), slope.number(r, "V'(q*)_" + k.cliName()));
                EXACT.check(
                        "V'' " + k + "[" + r + "]",
                        init.varianceCurvature(),
                        curvature.number(r, "V''(q*)_" + k.cliName()));
            }
        }
    }

    @Test
    void criticalClipCoversTheSparsityGridWithGapsWhereAFamilyHasNoInit() throws IOException {
        CsvFile t = csv("critical-clip");
        double[] s = t.numbers("s");
        assertEquals(MapsReport.sparsityGrid(S).length, s.length);
        assertEquals(0.05, s[0]);
        assertEquals(0.99, s[s.length - 1]);
        int atS = t.rowWhere("s", Double.toString(S));
        int half = t.rowWhere("s", "0.5");
        assertTrue(Double.isNaN(t.number(half - 1, "m_rel_critical_crelu")), "crelu has no init below s = 1/2");
        assertEquals(Double.POSITIVE_INFINITY, t.number(half, "m_rel_critical_crelu"), "no bifurcation at s = 1/2");
        assertTrue(Double.isFinite(t.number(half, "m_rel_recommended_crelu")));
        for (int r : new int[] {0, half + 3, atS, s.length - 1}) {
            for (ActivationKind k : MapsReport.CLIPPED) {
                if (k == ActivationKind.CRELU && s[r] < 0.5) {
                    continue;
                }
                ClipAdvice advice = CriticalClip.advise(k, s[r]);
                EXACT.check(
                        "m_c " + k + " s=" + s[r], advice.criticalClip(), t.number(r, "m_rel_critical_" + k.cliName()));
                EXACT.check(
                        "m_rec " + k + " s=" + s[r],
                        advice.recommendedClip(),
                        t.number(r, "m_rel_recommended_" + k.cliName()));
            }
        }
    }

    @Test
    void correlationMapMatchesTheQuadrature() throws IOException {
        CsvFile t = csv("correlation-map");
        assertEquals(MapsReport.RHO_POINTS, t.rowCount());
        assertEquals(-1.0, t.number(0, "rho"));
        assertEquals(0.0, t.number(t.rowCount() / 2, "rho"));
        assertEquals(1.0, t.number(t.rowCount() - 1, "rho"));
        for (int r : new int[] {0, 13, t.rowCount() / 2, 77, t.rowCount() - 1}) {
            double rho = t.number(r, "rho");
            for (ActivationKind k : MapsReport.KINDS) {
                EXACT.check("R " + k + " rho=" + rho, maps(k).correlation(rho, QSTAR), t.number(r, "R_" + k.cliName()));
            }
        }
        for (ActivationKind k : MapsReport.KINDS) {
            Tolerance.abs(1e-10).check("R(1) " + k, 1.0, t.number(t.rowCount() - 1, "R_" + k.cliName()));
            EXACT.check(
                    "R(0) " + k,
                    setup.inits().get(k).correlationAtZero(),
                    t.number(t.rowCount() / 2, "R_" + k.cliName()));
        }
    }

    @Test
    void iterationFollowsVarianceIterationAndStopsAtDivergence() throws IOException {
        CsvFile q = csv("variance-iteration");
        CsvFile d = csv("variance-iteration-deviation");
        assertEquals(MapsReport.DEPTH + 1, q.rowCount());
        assertEquals(MapsReport.DEPTH + 1, d.rowCount());
        assertEquals("index", q.unit("layer"));
        int diverged = 0;
        for (double start : MapsReport.STARTS) {
            for (ActivationKind k : MapsReport.KINDS) {
                String suffix = k.cliName() + "_from_" + MapsReport.fmt(start) + "q*";
                VarianceIteration run = VarianceIteration.run(setup.inits().get(k), start * QSTAR, MapsReport.DEPTH);
                double[] expected = run.trajectory();
                double[] column = q.numbers("q_" + suffix);
                double[] deviation = d.numbers("|q/q*-1|_" + suffix);
                for (int l = 0; l <= MapsReport.DEPTH; l++) {
                    if (l < expected.length) {
                        EXACT.check("q " + suffix + "[" + l + "]", expected[l], column[l]);
                        EXACT.check("dev " + suffix + "[" + l + "]", Math.abs(expected[l] / QSTAR - 1), deviation[l]);
                    } else {
                        assertTrue(
                                Double.isNaN(column[l]) && Double.isNaN(deviation[l]),
                                suffix + " blank after divergence");
                    }
                }
                if (run.outcome() == VarianceIteration.Outcome.DIVERGED) {
                    diverged++;
                    assertTrue(k == ActivationKind.RELU_TAU || k == ActivationKind.ST, k + " diverged");
                    assertTrue(column[run.lastLayer()] > VarianceIteration.DIVERGENCE_FACTOR * QSTAR);
                } else if (k.clipped()) {
                    assertEquals(VarianceIteration.Outcome.RETURNED_TO_QSTAR, run.outcome(), suffix);
                }
            }
        }
        assertEquals(2, diverged, "relu-tau and st blow up from 1.1 q* at s = 0.85 (docs/THEORY.md)");
    }

    @Test
    void invalidRequestsNameTheirFieldAndWriteNothing() {
        Path target = dir.resolve("never");
        Map<String, org.junit.jupiter.api.function.Executable> cases = Map.of(
                "activation", () -> MapsReport.write(ActivationKind.RELU, 0.5, 1, 1, target),
                "sparsity", () -> MapsReport.write(ActivationKind.CRELU, 1.2, 1, 1, target),
                "qstar", () -> MapsReport.write(ActivationKind.CST, 0.8, 1, -1, target),
                "clip", () -> MapsReport.write(ActivationKind.ST, 0.8, 0, 1, target));
        cases.forEach((field, call) -> {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, call, field);
            assertEquals(field, e.field(), e.getMessage());
        });
        InvalidRequestException low = assertThrows(
                InvalidRequestException.class, () -> MapsReport.write(ActivationKind.CRELU, 0.3, 1, 1, target));
        assertEquals("sparsity", low.field());
        InvalidRequestException nullKind =
                assertThrows(InvalidRequestException.class, () -> MapsReport.write(null, 0.8, 1, 1, target));
        assertEquals("activation", nullKind.field());
        assertFalse(Files.exists(target));
    }

    @Test
    void familiesWithoutAnInitAtThisSparsityAreSkippedWithTheReason() throws IOException {
        MapsReport.Setup low = MapsReport.Setup.of(ActivationKind.ST, 0.3, 1.0, 1.0);
        assertEquals(List.of(ActivationKind.ST, ActivationKind.CST), low.present());
        assertEquals(List.of(ActivationKind.CST), low.presentClipped());
        Path file = dir.resolve("low-init.csv");
        MapsReport.initTable(low).write(file);
        CsvFile t = CsvFile.read(file);
        int crelu = t.rowWhere("activation", "crelu");
        assertTrue(t.text(crelu, "status").startsWith("skipped: sparsity:"), t.text(crelu, "status"));
        assertTrue(Double.isNaN(t.number(crelu, "sigma_w2")));
        assertEquals("true", t.text(t.rowWhere("activation", "st"), "selected"));
        assertEquals("ok", t.text(t.rowWhere("activation", "cst"), "status"));
    }

    @Test
    void aClipAboveTheCriticalOneShowsTheSecondStableFixedPoint() throws IOException {
        MapsReport.Setup high = MapsReport.Setup.of(ActivationKind.CRELU, S, 2.5, 1.0);
        Path file = dir.resolve("high-init.csv");
        MapsReport.initTable(high).write(file);
        CsvFile t = CsvFile.read(file);
        String others = t.text(t.rowWhere("activation", "crelu"), "other_fixed_points");
        String[] points = others.split(";");
        assertEquals(2, points.length, others);
        assertTrue(Double.parseDouble(points[1]) > 2, "the stable fixed point lies well above q*: " + others);
    }
}
