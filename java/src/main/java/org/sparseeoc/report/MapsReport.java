package org.sparseeoc.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.report.LinePlot.Dash;
import org.sparseeoc.report.LinePlot.LegendPlace;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.ClipAdvice;
import org.sparseeoc.theory.CriticalClip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;
import org.sparseeoc.theory.FixedPoint;
import org.sparseeoc.theory.InvalidRequestException;
import org.sparseeoc.theory.MeanFieldMaps;
import org.sparseeoc.theory.Stability;
import org.sparseeoc.theory.StabilityVerdict;
import org.sparseeoc.theory.VarianceIteration;

/**
 * The mean-field map report: the variance map V, its slope and curvature at q* against the clip,
 * the critical clip against sparsity, the correlation map R and the layer-by-layer iteration of V,
 * for the four sparsifying families at the edge of chaos, as CSV + PNG + SVG.
 *
 * <p>Every plot compares {@link #KINDS} (relu-tau, st, crelu, cst) at the same sparsity s; crelu
 * and cst use the same relative clip m̃ = m/√q*, relu-tau and st have none. The {@code kind}
 * argument picks the family the report is about: it is drawn thicker and marked "[selected]", and
 * its own request must be valid (its errors propagate as {@link InvalidRequestException}). The other
 * families are drawn where they have an EoC initialisation at (s, m̃) and otherwise left out, with
 * the reason in {@code eoc-init.csv} (crelu and relu-tau need s ≥ 0.5, so below that only st and
 * cst appear). The clip plots (V'(q*), V''(q*) against m̃; m̃_c against s) show crelu and cst.
 *
 * <p>Files, each {@code NAME.csv} holding exactly the data of {@code NAME.png} / {@code NAME.svg}:
 *
 * <ul>
 *   <li>{@code eoc-init.csv}: τ, m, σ_w², σ_b², V'(q*), V''(q*), ξ_q, R(0), the class of q*, the
 *       other fixed points of V in (0, 200q*], and m̃_c, m̃_rec for the clipped families;
 *   <li>{@code variance-map}: V(q) and the identity for q in (0, {@value #NARROW_RANGE}q*], with q*
 *       marked: the unclipped maps touch the identity there, the clipped ones cross it;
 *   <li>{@code variance-excess}: V(q) − q on the same range, where touching and crossing 0 are
 *       easier to tell apart;
 *   <li>{@code variance-map-wide}: V(q)/q for q in [{@value #WIDE_MIN}q*, 200q*] on log-log axes
 *       (the range {@link Stability} scans); fixed points are where a curve meets 1;
 *   <li>{@code clip-slope}, {@code clip-curvature}: V'(q*) and V''(q*) against m̃ for crelu and cst,
 *       with each family's critical clip m̃_c and the selected m̃ marked;
 *   <li>{@code critical-clip}: m̃_c and the recommended m̃_rec ({@link ClipAdvice#RULE}) against s
 *       for crelu (s ≥ 0.5) and cst, with the selected (s, m̃) marked;
 *   <li>{@code correlation-map}: R(ρ) at q* for ρ in [−1, 1], and the identity (R depends on s and
 *       m̃ only, so it is evaluated at q* = 1);
 *   <li>{@code variance-iteration}: qˡ from q⁰ = 1.1q* and 0.9q* for {@value #DEPTH} layers (log
 *       scale); a curve stops where {@link VarianceIteration} reports divergence (q &gt; 10⁸q*);
 *   <li>{@code variance-iteration-deviation}: |qˡ/q* − 1| for the same runs (log scale).
 * </ul>
 *
 * <p>Cost: a few seconds, most of it rendering the 13 PNG + SVG pairs (done in parallel on the
 * common pool; the output does not depend on it); the data (m̃_c at about 40 sparsities, R(ρ) by
 * quadrature) take well under a second.
 */
public final class MapsReport {
    /** The families compared, in legend and column order. */
    public static final List<ActivationKind> KINDS =
            List.of(ActivationKind.RELU_TAU, ActivationKind.ST, ActivationKind.CRELU, ActivationKind.CST);

    /** The clipped families, for the clip plots. */
    public static final List<ActivationKind> CLIPPED = List.of(ActivationKind.CRELU, ActivationKind.CST);

    /** The linear variance-map plot spans q in (0, this·q*]. */
    public static final double NARROW_RANGE = 3.0;

    /** The wide variance-map plot spans q in [this·q*, {@link Stability#SCAN_MAX}·q*]. */
    public static final double WIDE_MIN = 0.01;

    /** Layers iterated. */
    public static final int DEPTH = 50;

    /** Starting variances of the iteration, in units of q*. */
    public static final List<Double> STARTS = List.of(1.1, 0.9);

    /** q* is grid point N/{@value #NARROW_RANGE}. */
    static final int NARROW_POINTS = 300;

    static final int WIDE_POINTS = 300;
    static final int CLIP_POINTS = 200;
    static final int RHO_POINTS = 101;

    private static final PlotColor GREY = new PlotColor(120, 120, 120);
    private static final PlotColor BLACK = PlotColor.BLACK;
    private static final float LINE = 2f;
    private static final float SELECTED_LINE = 3.5f;

    private MapsReport() {}

    /**
     * Writes the report for {@code kind} at sparsity s, relative clip m̃ (used by crelu and cst) and
     * fixed point q* into {@code outDir} (created if missing), and returns the files written, in
     * order.
     *
     * @param kind the family the report is about: relu-tau, st, crelu or cst
     * @param sparsity target s in (0, 1)
     * @param relativeClip m̃ = m/√q* &gt; 0 for crelu and cst (even when {@code kind} is unclipped)
     * @param qStar the fixed-point variance q* &gt; 0
     * @throws InvalidRequestException when {@code kind}'s request is invalid (s, q*, or m̃ for a
     *     clipped kind), {@code kind} is plain relu (field {@code activation}), or m̃ is not finite and
     *     &gt; 0 (field {@code clip}); nothing is written then
     */
    public static List<Path> write(ActivationKind kind, double sparsity, double relativeClip, double qStar, Path outDir)
            throws IOException {
        Setup setup = Setup.of(kind, sparsity, relativeClip, qStar);
        Files.createDirectories(outDir);
        List<Path> files = new ArrayList<>();
        Path init = outDir.resolve("eoc-init.csv");
        initTable(setup).write(init);
        files.add(init);
        // The sections, and then the figures, are independent: both stages run on the common pool
        // (rendering PNG and SVG is most of the cost). Encounter order, and so the file order, is kept.
        List<Function<Setup, List<Figure>>> sections = List.of(
                MapsReport::varianceMaps,
                MapsReport::varianceMapWide,
                MapsReport::clipSweep,
                MapsReport::criticalClip,
                MapsReport::correlationMap,
                MapsReport::iteration);
        List<Figure> figures = sections.parallelStream()
                .flatMap(section -> section.apply(setup).stream())
                .toList();
        try {
            figures.parallelStream()
                    .map(figure -> {
                        try {
                            return figure.write(outDir);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList()
                    .forEach(files::addAll);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return List.copyOf(files);
    }

    /**
     * The validated parameters and the EoC initialisations of the families that have one.
     *
     * @param inits the initialisation of each family in {@link #KINDS} that exists at (s, m̃)
     * @param skipped why each other family was left out
     * @param advice m̃_c and m̃_rec of each clipped family in {@code inits}
     * @param verdicts the stability verdict of each family in {@code inits}
     */
    record Setup(
            ActivationKind selected,
            double sparsity,
            double relativeClip,
            double qStar,
            Map<ActivationKind, EocInit> inits,
            Map<ActivationKind, String> skipped,
            Map<ActivationKind, ClipAdvice> advice,
            Map<ActivationKind, StabilityVerdict> verdicts) {

        static Setup of(ActivationKind kind, double sparsity, double relativeClip, double qStar) {
            if (kind == ActivationKind.RELU) {
                throw new InvalidRequestException(
                        "activation",
                        "maps compares relu-tau, st, crelu and cst; choose one of them (relu is relu-tau at s = 0.5)");
            }
            EocSolver.solve(request(kind, sparsity, relativeClip, qStar)); // the selected one must be valid
            if (!(relativeClip > 0 && Double.isFinite(relativeClip))) {
                throw new InvalidRequestException(
                        "clip", "the relative clip for crelu and cst must be finite and > 0, got " + relativeClip);
            }
            Map<ActivationKind, EocInit> inits = new EnumMap<>(ActivationKind.class);
            Map<ActivationKind, String> skipped = new EnumMap<>(ActivationKind.class);
            Map<ActivationKind, ClipAdvice> advice = new EnumMap<>(ActivationKind.class);
            Map<ActivationKind, StabilityVerdict> verdicts = new EnumMap<>(ActivationKind.class);
            for (ActivationKind k : KINDS) {
                try {
                    EocInit init = EocSolver.solve(request(k, sparsity, relativeClip, qStar));
                    inits.put(k, init);
                    verdicts.put(k, Stability.analyse(init));
                    if (k.clipped()) {
                        advice.put(k, CriticalClip.advise(k, sparsity));
                    }
                } catch (InvalidRequestException e) {
                    skipped.put(k, e.getMessage());
                }
            }
            return new Setup(
                    kind,
                    sparsity,
                    relativeClip,
                    qStar,
                    Collections.unmodifiableMap(inits),
                    Collections.unmodifiableMap(skipped),
                    Collections.unmodifiableMap(advice),
                    Collections.unmodifiableMap(verdicts));
        }

        List<ActivationKind> present() {
            return KINDS.stream().filter(inits::containsKey).toList();
        }

        List<ActivationKind> presentClipped() {
            return CLIPPED.stream().filter(inits::containsKey).toList();
        }
    }

    static EocRequest request(ActivationKind kind, double sparsity, double relativeClip, double qStar) {
        Clip clip = kind != null && kind.clipped() ? new Clip.Relative(relativeClip) : new Clip.None();
        return new EocRequest(kind, sparsity, clip, qStar);
    }

    // ---- eoc-init.csv ----

    static CsvTable initTable(Setup setup) {
        CsvTable table = CsvTable.of(
                col("activation", "name"),
                col("selected", "bool"),
                col("status", "text"),
                col("s", "fraction"),
                col("m_rel", "sqrt(q*)"),
                col("qstar", "variance"),
                col("tau", "sqrt(variance)"),
                col("m", "sqrt(variance)"),
                col("sigma_w2", CsvTable.DIMENSIONLESS),
                col("sigma_b2", "variance"),
                col("V'(q*)", CsvTable.DIMENSIONLESS),
                col("V''(q*)", "1/variance"),
                col("xi_q", "layers"),
                col("R(0)", CsvTable.DIMENSIONLESS),
                col("qstar_class", "text"),
                col("other_fixed_points", "variance"),
                col("m_rel_critical", "sqrt(q*)"),
                col("m_rel_recommended", "sqrt(q*)"));
        for (ActivationKind k : KINDS) {
            String selected = Boolean.toString(k == setup.selected());
            double mRel = k.clipped() ? setup.relativeClip() : Double.POSITIVE_INFINITY;
            EocInit init = setup.inits().get(k);
            if (init == null) {
                double nan = Double.NaN;
                table.row(
                        k.cliName(),
                        selected,
                        "skipped: " + setup.skipped().get(k),
                        setup.sparsity(),
                        mRel,
                        setup.qStar(),
                        nan,
                        nan,
                        nan,
                        nan,
                        nan,
                        nan,
                        nan,
                        nan,
                        "",
                        "",
                        nan,
                        nan);
                continue;
            }
            StabilityVerdict verdict = setup.verdicts().get(k);
            String others = verdict.extraFixedPoints().stream()
                    .map(p -> CsvTable.format(p.q()))
                    .collect(Collectors.joining(";"));
            ClipAdvice advice = setup.advice().get(k);
            table.row(
                    k.cliName(),
                    selected,
                    "ok",
                    setup.sparsity(),
                    mRel,
                    setup.qStar(),
                    init.activation().threshold(),
                    init.activation().clip(),
                    init.weightVariance(),
                    init.biasVariance(),
                    init.varianceSlope(),
                    init.varianceCurvature(),
                    init.varianceDepthScale(),
                    init.correlationAtZero(),
                    verdict.qStarClass().name().toLowerCase(Locale.ROOT),
                    others,
                    advice == null ? Double.NaN : advice.criticalClip(),
                    advice == null ? Double.NaN : advice.recommendedClip());
        }
        return table;
    }

    // ---- variance-map ----

    /** q_i = {@value #NARROW_RANGE}·q*·i/N, i = 1..N. */
    static double[] narrowGrid(double qStar) {
        double[] q = new double[NARROW_POINTS];
        for (int i = 0; i < q.length; i++) {
            q[i] = NARROW_RANGE * qStar * (i + 1) / NARROW_POINTS;
        }
        return q;
    }

    /** q log-spaced from {@value #WIDE_MIN}·q* to 200q*, both ends included. */
    static double[] wideGrid(double qStar) {
        double lo = Math.log(WIDE_MIN);
        double hi = Math.log(Stability.SCAN_MAX);
        double[] q = new double[WIDE_POINTS];
        for (int i = 0; i < q.length; i++) {
            double t = i == q.length - 1 ? hi : lo + (hi - lo) * i / (q.length - 1);
            q[i] = qStar * Math.exp(t);
        }
        q[0] = WIDE_MIN * qStar;
        q[q.length - 1] = Stability.SCAN_MAX * qStar;
        return q;
    }

    private static List<Figure> varianceMaps(Setup setup) {
        double[] q = narrowGrid(setup.qStar());
        List<ActivationKind> kinds = setup.present();
        List<CsvTable.Column> columns = new ArrayList<>(List.of(col("q", "variance"), col("q/q*", "1")));
        kinds.forEach(k -> columns.add(col("V_" + k.cliName(), "variance")));
        CsvTable table = new CsvTable(columns);
        double[][] v = new double[kinds.size()][q.length];
        for (int i = 0; i < q.length; i++) {
            Object[] row = new Object[columns.size()];
            row[0] = q[i];
            row[1] = q[i] / setup.qStar();
            for (int j = 0; j < kinds.size(); j++) {
                v[j][i] = setup.inits().get(kinds.get(j)).maps().variance(q[i]);
                row[2 + j] = v[j][i];
            }
            table.row(row);
        }
        LinePlot plot = new LinePlot(
                        "Variance map V(q) at the edge of chaos, " + params(setup),
                        "q: pre-activation variance of layer l (variance units)",
                        "V(q): variance of layer l+1 (variance units)")
                .xRange(0, NARROW_RANGE * setup.qStar())
                .legend(LegendPlace.INSIDE_TOP_LEFT);
        for (int j = 0; j < kinds.size(); j++) {
            addKindLine(plot, setup, kinds.get(j), q, v[j], Dash.SOLID, "");
        }
        plot.line(
                "identity V(q) = q",
                new double[] {0, NARROW_RANGE * setup.qStar()},
                new double[] {0, NARROW_RANGE * setup.qStar()},
                GREY,
                1.5f,
                Dash.DASHED);
        plot.points(
                "fixed point q* = " + fmt(setup.qStar()),
                new double[] {setup.qStar()},
                new double[] {setup.qStar()},
                BLACK);
        double top = 0;
        for (double[] curve : v) {
            top = Math.max(top, Arrays.stream(curve).max().orElse(0));
        }
        plot.yRange(0, 1.05 * Math.max(top, NARROW_RANGE * setup.qStar()));
        Figure map = new Figure("variance-map", table, plot);

        // V(q) − q: a double root (touching 0) at q* for the unclipped kinds, a sign change for the clipped.
        List<CsvTable.Column> excessColumns = new ArrayList<>(List.of(col("q", "variance"), col("q/q*", "1")));
        kinds.forEach(k -> excessColumns.add(col("V_" + k.cliName() + "-q", "variance")));
        CsvTable excessTable = new CsvTable(excessColumns);
        double[][] excess = new double[kinds.size()][q.length];
        for (int i = 0; i < q.length; i++) {
            Object[] row = new Object[excessColumns.size()];
            row[0] = q[i];
            row[1] = q[i] / setup.qStar();
            for (int j = 0; j < kinds.size(); j++) {
                excess[j][i] = v[j][i] - q[i];
                row[2 + j] = excess[j][i];
            }
            excessTable.row(row);
        }
        LinePlot excessPlot = new LinePlot(
                        "Excess V(q) − q: unclipped maps touch 0 at q*, clipped ones cross it, " + params(setup),
                        "q: pre-activation variance of layer l (variance units)",
                        "V(q) − q (variance units)")
                .xRange(0, NARROW_RANGE * setup.qStar())
                .legend(LegendPlace.INSIDE_TOP_LEFT);
        for (int j = 0; j < kinds.size(); j++) {
            addKindLine(excessPlot, setup, kinds.get(j), q, excess[j], Dash.SOLID, "");
        }
        excessPlot.horizontalLine("V(q) = q", 0.0, GREY, Dash.DASHED);
        excessPlot.points(
                "fixed point q* = " + fmt(setup.qStar()), new double[] {setup.qStar()}, new double[] {0.0}, BLACK);
        return List.of(map, new Figure("variance-excess", excessTable, excessPlot));
    }

    private static List<Figure> varianceMapWide(Setup setup) {
        double[] q = wideGrid(setup.qStar());
        List<ActivationKind> kinds = setup.present();
        List<CsvTable.Column> columns = new ArrayList<>(List.of(col("q", "variance"), col("q/q*", "1")));
        kinds.forEach(k -> columns.add(col("V_" + k.cliName(), "variance")));
        kinds.forEach(k -> columns.add(col("V_" + k.cliName() + "/q", "1")));
        CsvTable table = new CsvTable(columns);
        int n = kinds.size();
        double[][] ratio = new double[n][q.length];
        for (int i = 0; i < q.length; i++) {
            Object[] row = new Object[columns.size()];
            row[0] = q[i];
            row[1] = q[i] / setup.qStar();
            for (int j = 0; j < n; j++) {
                double v = setup.inits().get(kinds.get(j)).maps().variance(q[i]);
                ratio[j][i] = v / q[i];
                row[2 + j] = v;
                row[2 + n + j] = ratio[j][i];
            }
            table.row(row);
        }
        LinePlot plot = new LinePlot(
                        "V(q)/q from " + fmt(WIDE_MIN) + "q* to " + fmt(Stability.SCAN_MAX)
                                + "q*: fixed points where a curve meets 1, " + params(setup),
                        "q: pre-activation variance (variance units, log scale)",
                        "V(q)/q (dimensionless, log scale)")
                .logX()
                .logY()
                .legend(LegendPlace.INSIDE_TOP_RIGHT);
        for (int j = 0; j < n; j++) {
            addKindLine(plot, setup, kinds.get(j), q, ratio[j], Dash.SOLID, "");
        }
        plot.horizontalLine("V(q) = q", 1.0, GREY, Dash.DASHED);
        for (boolean stable : new boolean[] {true, false}) {
            double[] x = kinds.stream()
                    .flatMap(k -> setup.verdicts().get(k).extraFixedPoints().stream())
                    .filter(p -> p.stable() == stable)
                    .mapToDouble(FixedPoint::q)
                    .toArray();
            double[] ones = new double[x.length];
            Arrays.fill(ones, 1.0);
            plot.points(
                    stable ? "other fixed point, stable" : "other fixed point, unstable",
                    x,
                    ones,
                    stable ? new PlotColor(148, 103, 189) : new PlotColor(140, 86, 75));
        }
        plot.points("fixed point q* = " + fmt(setup.qStar()), new double[] {setup.qStar()}, new double[] {1.0}, BLACK);
        return List.of(new Figure("variance-map-wide", table, plot));
    }

    // ---- clip-slope, clip-curvature ----

    /** m̃ grid (0, M], M = max(2·largest finite m̃_c, 1.5·m̃, 2) rounded up to a multiple of 0.5. */
    static double[] clipGrid(Setup setup) {
        double top = Math.max(2.0, 1.5 * setup.relativeClip());
        for (ClipAdvice a : setup.advice().values()) {
            if (Double.isFinite(a.criticalClip())) {
                top = Math.max(top, 2 * a.criticalClip());
            }
        }
        top = Math.ceil(top * 2) / 2;
        double[] m = new double[CLIP_POINTS];
        for (int i = 0; i < m.length; i++) {
            m[i] = top * (i + 1) / CLIP_POINTS;
        }
        return m;
    }

    private static List<Figure> clipSweep(Setup setup) {
        double[] m = clipGrid(setup);
        List<ActivationKind> kinds = setup.presentClipped();
        double[][] slope = new double[kinds.size()][m.length];
        double[][] curvature = new double[kinds.size()][m.length];
        for (int j = 0; j < kinds.size(); j++) {
            for (int i = 0; i < m.length; i++) {
                try {
                    EocInit init = EocSolver.solve(request(kinds.get(j), setup.sparsity(), m[i], setup.qStar()));
                    slope[j][i] = init.varianceSlope();
                    curvature[j][i] = init.varianceCurvature();
                } catch (InvalidRequestException e) { // no EoC init at this clip: a gap in the curve
                    slope[j][i] = Double.NaN;
                    curvature[j][i] = Double.NaN;
                }
            }
        }
        String[] names = {"V'(q*)", "V''(q*)"};
        String[] units = {CsvTable.DIMENSIONLESS, "1/variance"};
        String[] bases = {"clip-slope", "clip-curvature"};
        double[][][] values = {slope, curvature};
        List<Figure> figures = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            List<CsvTable.Column> columns = new ArrayList<>(List.of(col("m_rel", "sqrt(q*)")));
            for (ActivationKind k : kinds) {
                columns.add(col(names[p] + "_" + k.cliName(), units[p]));
            }
            CsvTable table = new CsvTable(columns);
            for (int i = 0; i < m.length; i++) {
                Object[] row = new Object[columns.size()];
                row[0] = m[i];
                for (int j = 0; j < kinds.size(); j++) {
                    row[1 + j] = values[p][j][i];
                }
                table.row(row);
            }
            String what = p == 0 ? "Slope V'(q*)" : "Curvature V''(q*)";
            LinePlot plot = new LinePlot(
                            what + " of the variance map against the clip, s = " + fmt(setup.sparsity()) + ", q* = "
                                    + fmt(setup.qStar()),
                            "relative clip m̃ = m/√q* (units of √q*)",
                            p == 0 ? "V'(q*) (dimensionless)" : "V''(q*) (1/variance units)")
                    .xRange(0, m[m.length - 1])
                    .legend(p == 0 ? LegendPlace.INSIDE_BOTTOM_RIGHT : LegendPlace.INSIDE_TOP_LEFT);
            if (p == 0) {
                plot.yRange(0, 1.05);
            }
            for (int j = 0; j < kinds.size(); j++) {
                addKindLine(plot, setup, kinds.get(j), m, values[p][j], Dash.SOLID, "", false);
            }
            for (ActivationKind k : kinds) {
                double critical = setup.advice().get(k).criticalClip();
                if (Double.isFinite(critical)) {
                    plot.verticalLine(
                            k.cliName() + " critical m̃_c = " + fmt(critical), critical, color(k), Dash.DOTTED);
                }
            }
            plot.verticalLine("selected m̃ = " + fmt(setup.relativeClip()), setup.relativeClip(), BLACK, Dash.DASHED);
            if (p == 0) {
                plot.horizontalLine("V'(q*) = 1 (unclipped limit)", 1.0, GREY, Dash.DASHED);
            } else {
                plot.horizontalLine("V''(q*) = 0", 0.0, GREY, Dash.DASHED);
            }
            figures.add(new Figure(bases[p], table, plot));
        }
        return figures;
    }

    // ---- critical-clip ----

    /** 0.05, 0.075, …, 0.975, 0.99 and the selected s, ascending. */
    static double[] sparsityGrid(double selected) {
        TreeSet<Double> grid = new TreeSet<>();
        for (int i = 2; i <= 39; i++) {
            grid.add(i / 40.0);
        }
        grid.add(0.99);
        grid.add(selected);
        return grid.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Figure> criticalClip(Setup setup) {
        double[] s = sparsityGrid(setup.sparsity());
        List<ActivationKind> kinds = CLIPPED;
        double[][] critical = new double[kinds.size()][s.length];
        double[][] recommended = new double[kinds.size()][s.length];
        for (int j = 0; j < kinds.size(); j++) {
            for (int i = 0; i < s.length; i++) {
                ActivationKind k = kinds.get(j);
                ClipAdvice advice = s[i] == setup.sparsity() && setup.advice().containsKey(k)
                        ? setup.advice().get(k)
                        : adviceOrNull(k, s[i]);
                critical[j][i] = advice == null ? Double.NaN : advice.criticalClip();
                recommended[j][i] = advice == null ? Double.NaN : advice.recommendedClip();
            }
        }
        List<CsvTable.Column> columns = new ArrayList<>(List.of(col("s", "fraction")));
        for (ActivationKind k : kinds) {
            columns.add(col("m_rel_critical_" + k.cliName(), "sqrt(q*)"));
            columns.add(col("m_rel_recommended_" + k.cliName(), "sqrt(q*)"));
        }
        CsvTable table = new CsvTable(columns);
        for (int i = 0; i < s.length; i++) {
            Object[] row = new Object[columns.size()];
            row[0] = s[i];
            for (int j = 0; j < kinds.size(); j++) {
                row[1 + 2 * j] = critical[j][i];
                row[2 + 2 * j] = recommended[j][i];
            }
            table.row(row);
        }
        LinePlot plot = new LinePlot(
                        "Critical clip m̃_c (a second stable fixed point appears above it) and recommended clip",
                        "target sparsity s (fraction of exact zeros at q*)",
                        "relative clip m̃ = m/√q* (units of √q*)")
                .xRange(0, 1)
                .legend(LegendPlace.INSIDE_TOP_RIGHT);
        for (int j = 0; j < kinds.size(); j++) {
            ActivationKind k = kinds.get(j);
            addKindLine(plot, setup, k, s, critical[j], Dash.SOLID, " critical m̃_c", false);
            addKindLine(plot, setup, k, s, recommended[j], Dash.DASHED, " recommended m̃_rec", false);
        }
        plot.verticalLine("selected s = " + fmt(setup.sparsity()), setup.sparsity(), GREY, Dash.DOTTED);
        plot.points(
                "selected (s, m̃) = (" + fmt(setup.sparsity()) + ", " + fmt(setup.relativeClip()) + ")",
                new double[] {setup.sparsity()},
                new double[] {setup.relativeClip()},
                BLACK);
        return List.of(new Figure("critical-clip", table, plot));
    }

    private static ClipAdvice adviceOrNull(ActivationKind kind, double sparsity) {
        try {
            return CriticalClip.advise(kind, sparsity);
        } catch (InvalidRequestException e) { // e.g. crelu below s = 0.5
            return null;
        }
    }

    // ---- correlation-map ----

    static double[] rhoGrid() {
        double[] rho = new double[RHO_POINTS];
        for (int i = 0; i < rho.length; i++) {
            rho[i] = -1.0 + 2.0 * i / (RHO_POINTS - 1);
        }
        rho[RHO_POINTS / 2] = 0.0;
        rho[RHO_POINTS - 1] = 1.0;
        return rho;
    }

    private static List<Figure> correlationMap(Setup setup) {
        double[] rho = rhoGrid();
        List<ActivationKind> kinds = setup.present();
        List<CsvTable.Column> columns = new ArrayList<>(List.of(col("rho", CsvTable.DIMENSIONLESS)));
        kinds.forEach(k -> columns.add(col("R_" + k.cliName(), CsvTable.DIMENSIONLESS)));
        CsvTable table = new CsvTable(columns);
        double[][] r = new double[kinds.size()][rho.length];
        // R depends only on (s, m̃): scaling (q*, τ, m, σ_b²) by (c, √c, √c, c) leaves it unchanged. It is
        // computed at q* = 1, where MeanFieldMaps' absolute quadrature tolerance is met for any --qstar.
        List<MeanFieldMaps> unit = kinds.stream()
                .map(k -> EocSolver.solve(request(k, setup.sparsity(), setup.relativeClip(), 1.0))
                        .maps())
                .toList();
        for (int i = 0; i < rho.length; i++) {
            Object[] row = new Object[columns.size()];
            row[0] = rho[i];
            for (int j = 0; j < kinds.size(); j++) {
                r[j][i] = unit.get(j).correlation(rho[i], 1.0);
                row[1 + j] = r[j][i];
            }
            table.row(row);
        }
        LinePlot plot = new LinePlot(
                        "Correlation map R(ρ) at q*, " + params(setup),
                        "ρ: correlation of two inputs' pre-activations at layer l (dimensionless)",
                        "R(ρ): their correlation at layer l+1 (dimensionless)")
                .xRange(-1, 1)
                .yRange(-1, 1.02)
                .legend(LegendPlace.INSIDE_BOTTOM_RIGHT);
        for (int j = 0; j < kinds.size(); j++) {
            addKindLine(plot, setup, kinds.get(j), rho, r[j], Dash.SOLID, "");
        }
        plot.line("identity R(ρ) = ρ", new double[] {-1, 1}, new double[] {-1, 1}, GREY, 1.5f, Dash.DASHED);
        plot.points("fixed point ρ = 1 (slope χ₁ = 1)", new double[] {1}, new double[] {1}, BLACK);
        return List.of(new Figure("correlation-map", table, plot));
    }

    // ---- variance-iteration ----

    private static List<Figure> iteration(Setup setup) {
        List<ActivationKind> kinds = setup.present();
        double qStar = setup.qStar();
        List<CsvTable.Column> qColumns = new ArrayList<>(List.of(col("layer", "index")));
        List<CsvTable.Column> dColumns = new ArrayList<>(List.of(col("layer", "index")));
        List<double[]> runs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<ActivationKind> runKinds = new ArrayList<>();
        List<Double> runStarts = new ArrayList<>();
        for (double start : STARTS) {
            for (ActivationKind k : kinds) {
                VarianceIteration run = VarianceIteration.run(setup.inits().get(k), start * qStar, DEPTH);
                String suffix = "_from_" + fmt(start) + "q*";
                qColumns.add(col("q_" + k.cliName() + suffix, "variance"));
                dColumns.add(col("|q/q*-1|_" + k.cliName() + suffix, CsvTable.DIMENSIONLESS));
                runs.add(run.trajectory());
                String fate = run.outcome() == VarianceIteration.Outcome.DIVERGED
                        ? ", diverged at layer " + run.lastLayer()
                        : "";
                labels.add(" from " + fmt(start) + "q*" + fate);
                runKinds.add(k);
                runStarts.add(start);
            }
        }
        CsvTable qTable = new CsvTable(qColumns);
        CsvTable dTable = new CsvTable(dColumns);
        double[][] deviation = new double[runs.size()][];
        for (int r = 0; r < runs.size(); r++) {
            double[] t = runs.get(r);
            deviation[r] = new double[t.length];
            for (int l = 0; l < t.length; l++) {
                deviation[r][l] = Math.abs(t[l] / qStar - 1);
            }
        }
        for (int l = 0; l <= DEPTH; l++) {
            Object[] qRow = new Object[qColumns.size()];
            Object[] dRow = new Object[dColumns.size()];
            qRow[0] = l;
            dRow[0] = l;
            for (int r = 0; r < runs.size(); r++) {
                qRow[1 + r] = l < runs.get(r).length ? runs.get(r)[l] : Double.NaN;
                dRow[1 + r] = l < runs.get(r).length ? deviation[r][l] : Double.NaN;
            }
            qTable.row(qRow);
            dTable.row(dRow);
        }
        double[] layers = new double[DEPTH + 1];
        Arrays.setAll(layers, l -> l);
        LinePlot qPlot = new LinePlot(
                        "Variance qˡ iterated layer by layer from q⁰ = 1.1q* and 0.9q*, " + params(setup),
                        "layer l",
                        "qˡ: pre-activation variance (variance units, log scale)")
                .logY()
                .xRange(0, DEPTH)
                .legend(LegendPlace.INSIDE_TOP_LEFT);
        LinePlot dPlot = new LinePlot(
                        "Distance from the fixed point |qˡ/q* − 1|, " + params(setup),
                        "layer l",
                        "|qˡ/q* − 1| (dimensionless, log scale)")
                .logY()
                .xRange(0, DEPTH)
                .legend(LegendPlace.INSIDE_BOTTOM_LEFT);
        for (int r = 0; r < runs.size(); r++) {
            Dash dash = runStarts.get(r) > 1 ? Dash.SOLID : Dash.DASHED;
            double[] x = Arrays.copyOf(layers, runs.get(r).length);
            addKindLine(qPlot, setup, runKinds.get(r), x, runs.get(r), dash, labels.get(r));
            addKindLine(dPlot, setup, runKinds.get(r), x, deviation[r], dash, labels.get(r));
        }
        qPlot.horizontalLine("q* = " + fmt(qStar), qStar, GREY, Dash.DOTTED);
        return List.of(
                new Figure("variance-iteration", qTable, qPlot),
                new Figure("variance-iteration-deviation", dTable, dPlot));
    }

    // ---- helpers ----

    /** One plot and the table of exactly its data, written as {@code base}.csv, .png and .svg. */
    record Figure(String base, CsvTable table, LinePlot plot) {
        List<Path> write(Path dir) throws IOException {
            Path csv = dir.resolve(base + ".csv");
            table.write(csv);
            List<Path> files = new ArrayList<>(List.of(csv));
            files.addAll(plot.write(dir, base));
            return files;
        }
    }

    private static void addKindLine(
            LinePlot plot, Setup setup, ActivationKind k, double[] x, double[] y, Dash dash, String suffix) {
        addKindLine(plot, setup, k, x, y, dash, suffix, true);
    }

    private static void addKindLine(
            LinePlot plot,
            Setup setup,
            ActivationKind k,
            double[] x,
            double[] y,
            Dash dash,
            String suffix,
            boolean withClip) {
        boolean selected = k == setup.selected();
        String name = k.cliName()
                + (withClip && k.clipped() ? " (m̃ = " + fmt(setup.relativeClip()) + ")" : "")
                + suffix
                + (selected ? " [selected]" : "");
        plot.line(name, x, y, color(k), selected ? SELECTED_LINE : LINE, dash);
    }

    static PlotColor color(ActivationKind k) {
        return switch (k) {
            case RELU_TAU -> new PlotColor(214, 39, 40);
            case ST -> new PlotColor(255, 127, 14);
            case CRELU -> new PlotColor(31, 119, 180);
            case CST -> new PlotColor(44, 160, 44);
            case RELU -> PlotColor.DARK_GRAY;
        };
    }

    private static String params(Setup setup) {
        return "s = " + fmt(setup.sparsity()) + ", q* = " + fmt(setup.qStar());
    }

    private static CsvTable.Column col(String name, String unit) {
        return new CsvTable.Column(name, unit);
    }

    /** Up to 4 significant digits, without trailing zeros: 1, 0.85, 1.839, 1e-08. */
    static String fmt(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }
}
