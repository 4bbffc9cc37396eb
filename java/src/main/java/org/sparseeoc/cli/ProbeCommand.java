package org.sparseeoc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.ModelSpec;
import org.sparseeoc.experiment.SpecLoader;
import org.sparseeoc.probe.InputKind;
import org.sparseeoc.probe.Probe;
import org.sparseeoc.probe.ProbeOptions;
import org.sparseeoc.probe.ProbeReport;
import org.sparseeoc.probe.ProbeResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparse-eoc probe}: measures the spec's network at initialisation against the mean-field maps
 * ({@link Probe}), writes CSVs and plots ({@link ProbeReport}), and prints a short table and one
 * verdict line per input kind. A diverging variance is a result (exit 0), like a diverged run.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Build the spec's network (MLP or CNN) at initialisation (no training), push K real inputs (normalised and scaled as"
                    + " training does) and K Gaussian inputs through it, and compare every hidden layer's variance,"
                    + " exact zeros, clipped units and pair correlation with the variance and correlation maps"
                    + " iterated from the measured first layer (for a CNN, position by position).",
            "Writes probe-data.csv, probe-gaussian.csv and variance/zeros/correlation plots (PNG + SVG) into --out."
        })
final class ProbeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--spec", required = true, paramLabel = "FILE", description = "The experiment spec (JSON).")
    private Path specFile;

    @Option(
            names = "--width",
            paramLabel = "N",
            description = "Units per hidden layer of an MLP, channels of a CNN (default: the spec's).")
    private Integer width;

    @Option(names = "--depth", paramLabel = "L", description = "Hidden layers (default: the spec's).")
    private Integer depth;

    @Option(
            names = "--samples",
            defaultValue = "" + ProbeOptions.DEFAULT_SAMPLES,
            paramLabel = "K",
            description =
                    "Inputs of each kind, >= 2; rows (2p, 2p+1) are the correlated pairs (default: ${DEFAULT-VALUE}).")
    private int samples;

    @Option(
            names = "--start-variance",
            defaultValue = "1.0",
            paramLabel = "F",
            description = "First-layer variance of the Gaussian inputs, in units of q* (default: ${DEFAULT-VALUE}).")
    private double startVariance;

    @Option(
            names = "--input-correlation",
            defaultValue = "" + ProbeOptions.DEFAULT_INPUT_CORRELATION,
            paramLabel = "RHO",
            description = "Correlation within each pair of Gaussian inputs (default: ${DEFAULT-VALUE}).")
    private double inputCorrelation;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to write into (default: <spec output>/probe).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        ProbeOptions options =
                new ProbeOptions(samples, startVariance, inputCorrelation, EnumSet.allOf(InputKind.class));
        List<String> overrides = new ArrayList<>();
        if (width != null) {
            String field = switch (SpecLoader.load(specFile).model()) {
                case ModelSpec.Mlp mlp -> "model.width=";
                case ModelSpec.Cnn cnn -> "model.channels=";
            };
            overrides.add(field + width);
        }
        if (depth != null) {
            overrides.add("model.depth=" + depth);
        }
        ExperimentSpec experiment = SpecLoader.load(specFile, overrides);
        List<ProbeResult> results = Probe.run(experiment, options);
        Path dir = out != null ? out : experiment.outputDir().resolve("probe");
        String title = "%s, s = %s"
                .formatted(
                        experiment.activation().kind().cliName(),
                        experiment.activation().sparsity());
        List<Path> files = ProbeReport.write(results, experiment.activation().qStar(), title, dir);
        PrintWriter stdout = spec.commandLine().getOut();
        for (ProbeResult result : results) {
            ProbeReport.printedTable(result).forEach(stdout::println);
        }
        for (ProbeResult result : results) {
            stdout.println(result.verdict());
        }
        stdout.println("wrote " + files.size() + " files into " + dir);
        stdout.flush();
        return 0;
    }
}
