package org.sparseeoc.runreport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparseeoc.report.AtomicFile;

/**
 * Writes the report of every run under a directory: {@code table.md}, {@code table.csv}, one SVG
 * per plot and {@code report.html} (everything inline), each file atomically.
 */
public final class RunReport {
    /** How the table's numbers are computed, stated in the markdown and the HTML page. */
    static final String CONVENTIONS = "n = completed runs (seeds). Test accuracy is the final test accuracy,"
            + " mean ± sample std (n − 1) over completed runs; train/test zeros are the final mean"
            + " fraction of exact zeros over hidden layers, averaged over completed runs. Diverged runs"
            + " (non-finite loss or exploding variance) enter no mean: they are counted in"
            + " diverged = diverged/(completed + diverged). Incomplete runs (no summary.json yet) are"
            + " listed only. Clip: m̃ relative to √q*, m absolute, as given in the spec.";

    /** What was written and what was skipped. */
    public record Result(List<Path> files, List<String> warnings, int runs, int groups) {
        public Result {
            files = List.copyOf(files);
            warnings = List.copyOf(warnings);
        }
    }

    private RunReport() {}

    /**
     * Reads every run under {@code dir} and writes the report into {@code out} (created if missing).
     *
     * @throws IllegalArgumentException when {@code dir} is not a folder or holds no run
     */
    public static Result write(Path dir, Path out) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    "report: " + dir + " is not a folder; give the folder holding the training runs (e.g. results)");
        }
        RunScanner.Scan scan = RunScanner.scan(dir);
        if (scan.runs().isEmpty()) {
            throw new IllegalArgumentException("report: no training runs under " + dir
                    + " (a run is a folder with spec.json); train first, e.g. sparse-eoc train --spec"
                    + " experiments/quickstart.json"
                    + (scan.warnings().isEmpty()
                            ? ""
                            : "; " + scan.warnings().size() + " unreadable: "
                                    + scan.warnings().get(0)));
        }
        List<GroupSummary> groups = GroupSummary.all(scan.runs());
        List<ReportPlots.Figure> figures = ReportPlots.figures(groups);
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        Path markdown = out.resolve("table.md");
        AtomicFile.write(markdown, markdown(dir, groups, scan).getBytes(StandardCharsets.UTF_8));
        files.add(markdown);
        Path csv = out.resolve("table.csv");
        ReportTables.csv(groups).write(csv);
        files.add(csv);
        for (ReportPlots.Figure figure : figures) {
            Path svg = out.resolve(figure.baseName() + ".svg");
            AtomicFile.write(svg, figure.plot().toSvg().getBytes(StandardCharsets.UTF_8));
            files.add(svg);
        }
        Path html = out.resolve("report.html");
        String title = "Training runs under " + dir.toAbsolutePath().normalize();
        AtomicFile.write(html, HtmlPage.render(title, groups, figures, scan).getBytes(StandardCharsets.UTF_8));
        files.add(html);
        return new Result(files, scan.warnings(), scan.runs().size(), groups.size());
    }

    /** One sentence: how many runs in how many groups, by state, and how many were skipped. */
    static String counts(List<GroupSummary> groups, RunScanner.Scan scan) {
        int completed = groups.stream().mapToInt(GroupSummary::completed).sum();
        int diverged = groups.stream().mapToInt(GroupSummary::diverged).sum();
        int incomplete = groups.stream().mapToInt(GroupSummary::incomplete).sum();
        return scan.runs().size() + " runs in " + groups.size() + " groups: " + completed + " completed, "
                + diverged + " diverged, " + incomplete + " incomplete; "
                + scan.warnings().size()
                + " folders skipped.";
    }

    private static String markdown(Path dir, List<GroupSummary> groups, RunScanner.Scan scan) {
        StringBuilder out = new StringBuilder();
        out.append("# Training runs under ")
                .append(dir.toAbsolutePath().normalize())
                .append("\n\n");
        out.append(counts(groups, scan)).append("\n\n");
        out.append(ReportTables.markdown(groups)).append('\n');
        out.append(CONVENTIONS).append('\n');
        List<RunRecord> incomplete = scan.runs().stream()
                .filter(r -> r.state() == RunRecord.State.INCOMPLETE)
                .toList();
        if (!incomplete.isEmpty()) {
            out.append("\nIncomplete runs (no summary.json yet):\n\n");
            incomplete.forEach(r -> out.append("- ").append(r.dir()).append('\n'));
        }
        if (!scan.warnings().isEmpty()) {
            out.append("\nSkipped:\n\n");
            scan.warnings().forEach(w -> out.append("- ").append(w).append('\n'));
        }
        return out.toString();
    }
}
