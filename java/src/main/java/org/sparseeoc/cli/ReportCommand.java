package org.sparseeoc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sparseeoc.runreport.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sparse-eoc report DIR}: aggregates every run under DIR ({@link RunReport}), prints the
 * files written one per line on stdout and a warning per run folder skipped on stderr.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Aggregate every training run under DIR (any depth) over seeds, grouped by activation, s, clip and"
                    + " model: table.md and table.csv (test accuracy mean ± std, measured sparsity, fraction"
                    + " diverged), SVG plots (accuracy vs s, training curves, per-layer zeros and variance),"
                    + " and report.html, a self-contained page with the table and plots inline.",
            "Runs without summary.json are listed as incomplete; unreadable run folders are skipped with a"
                    + " warning."
        })
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder holding the training runs, e.g. results.")
    private Path dir;

    @Option(
            names = "--out",
            paramLabel = "OUT",
            description = "Folder to write into (default: DIR/report; created if missing, files replaced).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        RunReport.Result result = RunReport.write(dir, out != null ? out : dir.resolve("report"));
        PrintWriter stderr = spec.commandLine().getErr();
        result.warnings().forEach(w -> stderr.println("sparse-eoc: warning: " + w));
        stderr.flush();
        PrintWriter stdout = spec.commandLine().getOut();
        result.files().forEach(stdout::println);
        stdout.flush();
        return 0;
    }
}
