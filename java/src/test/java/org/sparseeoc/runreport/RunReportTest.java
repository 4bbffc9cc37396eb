package org.sparseeoc.runreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.report.CsvFile;

/** {@link RunReport} on synthetic run folders covering every state and a corrupt file. */
class RunReportTest {
    private static final double ATOL = 1e-12;
    private static final double RTOL = 1e-12;
    private static final String RELATIVE = "\"clip\": 1.0, \"clipAbs\": null";
    private static final String ABSOLUTE = "\"clip\": null, \"clipAbs\": 2.0";

    @TempDir
    Path root;

    private final List<Double> creluAccuracy = new ArrayList<>();
    private final List<Double> creluTestZeros = new ArrayList<>();
    private final List<Double> stAccuracy = new ArrayList<>();
    private Path out;

    @BeforeEach
    void writeRuns() throws IOException {
        Random random = new Random(42);
        for (int seed = 1; seed <= 3; seed++) {
            double accuracy = 0.8 + 0.15 * random.nextDouble();
            double zeros = 0.84 + 0.02 * random.nextDouble();
            creluAccuracy.add(accuracy);
            creluTestZeros.add(zeros);
            FakeRuns.ended(
                    root.resolve("a/crelu/seed" + seed),
                    "crelu",
                    0.85,
                    RELATIVE,
                    seed,
                    "completed",
                    accuracy,
                    zeros,
                    zeros);
        }
        for (int seed = 1; seed <= 2; seed++) {
            double accuracy = 0.7 + 0.2 * random.nextDouble();
            stAccuracy.add(accuracy);
            FakeRuns.ended(root.resolve("b/st/seed" + seed), "st", 0.7, "", seed, "completed", accuracy, 0.7, 0.7);
        }
        FakeRuns.ended(root.resolve("b/st/seed3"), "st", 0.7, "", 3, "diverged", Double.NaN, 0.2, 0.2);
        FakeRuns.ended(root.resolve("c/relu-tau/seed1"), "relu-tau", 0.7, "", 1, "completed", 0.91, 0.69, 0.68);
        FakeRuns.started(root.resolve("c/relu-tau/seed2"), "relu-tau", 0.7, "", 2);
        FakeRuns.ended(root.resolve("d/crelu-abs"), "crelu", 0.85, ABSOLUTE, 1, "completed", 0.5, 0.8, 0.8);
        Path broken = FakeRuns.started(root.resolve("e/broken"), "st", 0.7, "", 1);
        Files.writeString(broken.resolve("summary.json"), "{\"status\": \"comp");
        out = root.resolve("report");
    }

    @Test
    void findsEveryRunAndSkipsTheCorruptOneWithAWarningNamingTheFile() throws IOException {
        RunReport.Result result = RunReport.write(root, out);
        assertEquals(9, result.runs(), "3 crelu + 3 st + 2 relu-tau + 1 crelu with absolute clip");
        assertEquals(4, result.groups());
        assertEquals(1, result.warnings().size(), result.warnings().toString());
        String warning = result.warnings().get(0);
        assertTrue(
                warning.contains(root.resolve("e/broken/summary.json").toString())
                        && warning.contains("not valid JSON"),
                warning);
        assertFalse(warning.contains("\n"), "one line");
    }

    @Test
    void csvHoldsTheStatisticsOverCompletedSeedsInTableOrder() throws IOException {
        RunReport.write(root, out);
        CsvFile csv = CsvFile.read(out.resolve("table.csv"));
        assertEquals(List.of("relu-tau", "st", "crelu", "crelu"), column(csv, "activation"), "activation order");
        assertEquals("fraction", csv.unit("test_accuracy_mean"));

        int crelu = csv.rowWhere("clip_relative", "1.0");
        assertEquals(3, (int) csv.number(crelu, "completed"));
        assertClose(mean(creluAccuracy), csv.number(crelu, "test_accuracy_mean"), "crelu mean");
        assertClose(sampleStd(creluAccuracy), csv.number(crelu, "test_accuracy_std"), "crelu std");
        assertClose(min(creluAccuracy), csv.number(crelu, "test_accuracy_min"), "crelu min");
        assertClose(mean(creluTestZeros), csv.number(crelu, "test_zeros_mean"), "crelu zeros");
        assertTrue(Double.isNaN(csv.number(crelu, "clip_absolute")));
        assertEquals(0.0, csv.number(crelu, "diverged_fraction"));

        int st = csv.rowWhere("activation", "st");
        assertEquals(2, (int) csv.number(st, "completed"));
        assertEquals(1, (int) csv.number(st, "diverged"));
        assertClose(1.0 / 3, csv.number(st, "diverged_fraction"), "st diverged fraction");
        assertClose(mean(stAccuracy), csv.number(st, "test_accuracy_mean"), "st mean excludes the diverged run");
        assertClose(sampleStd(stAccuracy), csv.number(st, "test_accuracy_std"), "st std");
        assertClose(0.7, csv.number(st, "train_zeros_mean"), "st train zeros exclude the diverged run");

        int reluTau = csv.rowWhere("activation", "relu-tau");
        assertEquals(1, (int) csv.number(reluTau, "completed"));
        assertEquals(1, (int) csv.number(reluTau, "incomplete"));
        assertTrue(Double.isNaN(csv.number(reluTau, "test_accuracy_std")), "no std from one run");

        int absolute = csv.rowWhere("clip_absolute", "2.0");
        assertEquals("crelu", csv.text(absolute, "activation"));
        assertClose(0.5, csv.number(absolute, "test_accuracy_mean"), "absolute-clip group stands alone");
    }

    @Test
    void markdownRowsShowMeanPlusMinusStdAndTheClipAsGiven() throws IOException {
        RunReport.write(root, out);
        List<String> rows = Files.readAllLines(out.resolve("table.md")).stream()
                .filter(l -> l.startsWith("| "))
                .toList();
        assertEquals(
                "| activation | s | clip | n | test accuracy | train zeros | test zeros | diverged | incomplete |",
                rows.get(0));
        assertEquals(
                String.format(
                        Locale.ROOT,
                        "| st | 0.7 | - | 2 | %.4f ± %.4f | 0.700 | 0.700 | 1/3 | 0 |",
                        mean(stAccuracy),
                        sampleStd(stAccuracy)),
                rows.get(3));
        assertEquals("| relu-tau | 0.7 | - | 1 | 0.9100 | 0.690 | 0.680 | 0/1 | 1 |", rows.get(2));
        assertTrue(rows.get(4).startsWith("| crelu | 0.85 | m̃ = 1 | 3 | "), rows.get(4));
        assertTrue(rows.get(5).startsWith("| crelu | 0.85 | m = 2 | 1 | 0.5000 |"), rows.get(5));
        String text = Files.readString(out.resolve("table.md"));
        assertTrue(text.contains("- " + Path.of("c/relu-tau/seed2")), "incomplete run listed:\n" + text);
    }

    @Test
    void htmlIsSelfContainedWithTheTableAndOneInlineSvgPerPlot() throws IOException {
        RunReport.Result result = RunReport.write(root, out);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(4, count(html, "<svg width="), "four plots inline");
        assertEquals(8, count(html, "<svg "), "each plot's data sit in a nested svg");
        assertEquals(8, count(html, "</svg>"));
        for (String forbidden : List.of("http", "src=", "<script", "url(", "<link", "<img")) {
            assertFalse(html.contains(forbidden), "external reference or script: " + forbidden);
        }
        assertTrue(html.contains("<th>test accuracy</th>"));
        assertTrue(html.contains(String.format(Locale.ROOT, "%.4f ± %.4f", mean(stAccuracy), sampleStd(stAccuracy))));
        assertTrue(html.contains("not valid JSON"), "warning shown");
        List<Path> expected = Stream.of(
                        "table.md",
                        "table.csv",
                        "accuracy-vs-sparsity.svg",
                        "training-curves.svg",
                        "layer-zeros.svg",
                        "layer-variance.svg",
                        "report.html")
                .map(name -> out.resolve(name))
                .toList();
        assertEquals(expected, result.files());
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(expected.stream().sorted().toList(), files.sorted().toList(), "no temporary file left behind");
        }
    }

    @Test
    void groupCurvesAndLayersAreMeansOverCompletedSeeds() throws IOException {
        RunScanner.Scan scan = RunScanner.scan(root);
        GroupSummary crelu = GroupSummary.all(scan.runs()).stream()
                .filter(g -> g.group().clip().scale() == ClipSetting.Scale.RELATIVE)
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(0.0, 1.0, 2.0), boxed(crelu.curve().epoch()), "steps converted to epochs");
        assertClose(0.1, crelu.curve().testAccuracy()[0], "curve at init");
        assertClose(mean(creluAccuracy), crelu.curve().testAccuracy()[2], "curve at the end");
        assertEquals(FakeRuns.LAYERS, crelu.layers().size());
        for (int l = 0; l < FakeRuns.LAYERS; l++) {
            assertClose(mean(creluTestZeros) + 0.01 * l, crelu.layers().get(l).testZeros(), "layer " + l + " zeros");
            assertClose(1.0 + l, crelu.layers().get(l).testVariance(), "layer " + l + " variance");
        }
    }

    @Test
    void rewritingReplacesTheReport() throws IOException {
        RunReport.write(root, out);
        Files.writeString(out.resolve("table.md"), "stale");
        RunReport.write(root, out);
        assertTrue(Files.readString(out.resolve("table.md")).startsWith("# Training runs under "));
        assertEquals(9, RunScanner.scan(root).runs().size(), "the report folder is not taken for a run");
    }

    @Test
    void aMissingFolderOrOneWithoutRunsIsAOneLineErrorSayingWhatToDo() throws IOException {
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> RunReport.write(root.resolve("nope"), out));
        assertTrue(missing.getMessage().contains("is not a folder"), missing.getMessage());
        Path empty = Files.createDirectories(root.resolve("empty"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> RunReport.write(empty, out));
        assertTrue(
                none.getMessage().contains("no training runs under")
                        && none.getMessage().contains("train"),
                none.getMessage());
        assertFalse(none.getMessage().contains("\n"));
    }

    private static List<String> column(CsvFile csv, String name) {
        List<String> values = new ArrayList<>();
        for (int row = 0; row < csv.rowCount(); row++) {
            values.add(csv.text(row, name));
        }
        return values;
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    private static double sampleStd(List<Double> values) {
        double m = mean(values);
        double squares = 0;
        for (double v : values) {
            squares += (v - m) * (v - m);
        }
        return Math.sqrt(squares / (values.size() - 1));
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static void assertClose(double expected, double actual, String what) {
        double tolerance = ATOL + RTOL * Math.abs(expected);
        assertTrue(
                Math.abs(expected - actual) <= tolerance,
                what + ": expected " + expected + ", got " + actual + " (tolerance " + tolerance + ")");
    }
}
