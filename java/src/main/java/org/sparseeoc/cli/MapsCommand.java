package org.sparseeoc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.report.MapsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sparse-eoc maps}: writes the mean-field map report ({@link MapsReport}) and prints the
 * files written, one per line. Invalid requests surface as {@link
 * org.sparseeoc.theory.InvalidRequestException} (naming the field at fault) for the caller to map
 * to an exit code.
 */
@Command(
        name = "maps",
        mixinStandardHelpOptions = true,
        description = {
            "Plot the mean-field maps at the edge of chaos: V(q) against the identity, V(q)/q up to 200q*,"
                    + " V'(q*) and V''(q*) against the clip, the critical clip against s, R(rho), and the"
                    + " layer-by-layer iteration of V. Writes CSV + PNG + SVG per plot into --out and prints"
                    + " the paths.",
            "All plots compare relu-tau, st, crelu and cst at the same s (crelu and cst with the same"
                    + " relative clip); --activation picks the one drawn thicker and marked [selected]."
        })
final class MapsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--activation",
            required = true,
            converter = ActivationKindConverter.class,
            paramLabel = "KIND",
            description = "The family the report is about: relu-tau, st, crelu or cst.")
    private ActivationKind activation;

    @Option(
            names = "--sparsity",
            required = true,
            paramLabel = "S",
            description = "Target fraction s of exact zeros at q*, in (0, 1); crelu and relu-tau need s >= 0.5.")
    private double sparsity;

    @Option(
            names = "--clip",
            defaultValue = "1.0",
            paramLabel = "M_REL",
            description = "Relative clip m/sqrt(q*) for crelu and cst (default: ${DEFAULT-VALUE}).")
    private double clip;

    @Option(
            names = "--qstar",
            defaultValue = "1.0",
            paramLabel = "Q",
            description = "Fixed-point variance q* (default: ${DEFAULT-VALUE}).")
    private double qStar;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder to write into (created if missing; existing files are replaced).")
    private Path out;

    @Override
    public Integer call() throws Exception {
        List<Path> files = MapsReport.write(activation, sparsity, clip, qStar, out);
        PrintWriter stdout = spec.commandLine().getOut();
        files.forEach(stdout::println);
        stdout.flush();
        return 0;
    }
}
