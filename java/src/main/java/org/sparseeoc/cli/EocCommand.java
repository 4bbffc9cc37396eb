package org.sparseeoc.cli;

import java.util.concurrent.Callable;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocAnalysis;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.InvalidRequestException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse-eoc eoc}: the EoC initialisation for a target sparsity, its verdict and m̃_c. */
@Command(
        name = "eoc",
        mixinStandardHelpOptions = true,
        description = {
            "Edge-of-chaos initialisation for a target sparsity, with its stability verdict.",
            "Prints tau, m, sigma_w^2, sigma_b^2, chi_1, V'(q*), V''(q*), xi_q, R(0); the stability verdict",
            "for q*; the critical and recommended clip (crelu/cst); and the variance map iterated from q0."
        })
final class EocCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--activation",
            required = true,
            converter = ActivationKindConverter.class,
            description = "relu, relu-tau, st, crelu or cst.")
    private ActivationKind activation;

    @Option(
            names = "--sparsity",
            description = "Target fraction s of exact zeros at q*, in (0,1). Default 0.5 for relu (its only value).")
    private Double sparsity;

    @ArgGroup(exclusive = true)
    private ClipOption clip;

    @Option(
            names = "--qstar",
            defaultValue = "1",
            description = "Fixed-point variance q* > 0 (default ${DEFAULT-VALUE}).")
    private double qStar;

    @Option(names = "--q0", description = "Starting variance of the layer-by-layer iteration (default 1.1 q*).")
    private Double q0;

    @Option(names = "--depth", defaultValue = "50", description = "Layers of the iteration (default ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = "--json", description = "Print one JSON object with every field, full double precision.")
    private boolean json;

    static final class ClipOption {
        @Option(names = "--clip", description = "Clip relative to sqrt(q*): m = clip * sqrt(q*) (crelu, cst).")
        Double relative;

        @Option(names = "--clip-abs", description = "Absolute clip m (crelu, cst).")
        Double absolute;

        Clip toClip() {
            return relative != null ? new Clip.Relative(relative) : new Clip.Absolute(absolute);
        }
    }

    @Override
    public Integer call() throws Exception {
        double s = sparsity != null ? sparsity : defaultSparsity();
        EocRequest request = new EocRequest(activation, s, clip == null ? new Clip.None() : clip.toClip(), qStar);
        if (depth < 0) {
            throw new InvalidRequestException("depth", "must be >= 0, got " + depth);
        }
        double start = q0 != null ? q0 : EocAnalysis.DEFAULT_START * qStar;
        if (!(start > 0 && Double.isFinite(start))) {
            throw new InvalidRequestException("q0", "must be finite and > 0, got " + start);
        }
        EocAnalysis analysis = EocAnalysis.of(request, start, depth);
        spec.commandLine().getOut().print(json ? EocFormat.json(analysis) : EocFormat.text(analysis));
        return 0;
    }

    private double defaultSparsity() {
        if (activation != ActivationKind.RELU) {
            throw new InvalidRequestException(
                    "sparsity", activation.cliName() + " needs a target sparsity, e.g. --sparsity 0.85");
        }
        return 0.5;
    }
}
