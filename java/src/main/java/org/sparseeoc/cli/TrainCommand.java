package org.sparseeoc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sparseeoc.experiment.ExperimentRunner;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.RunOutcome;
import org.sparseeoc.experiment.SpecLoader;
import org.sparseeoc.train.MetricsRow;
import org.sparseeoc.train.RunStatus;
import org.sparseeoc.train.TrainingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparse-eoc train}: runs an experiment spec, or resumes a run from its checkpoint. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a network from a JSON experiment spec, or resume a run from its checkpoint.",
            "Spec fields: experiments/README.md. Writes metrics, checkpoints, plots and provenance into",
            "the spec's output folder.",
            "A diverged run (non-finite loss, exploding variance) is a result: exit code 0, status 'diverged'."
        })
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override a spec field, e.g. --set optimizer.lr=0.05 (repeatable; not with --resume).")
    private List<String> overrides = List.of();

    @Option(names = "--quiet", description = "No progress bar and no per-epoch lines; only the final summary.")
    private boolean quiet;

    static final class Source {
        @Option(names = "--spec", paramLabel = "FILE", description = "The experiment spec (JSON).")
        Path specFile;

        @Option(
                names = "--resume",
                paramLabel = "DIR",
                description = "A run directory to continue from its checkpoint.")
        Path runDir;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RunOutcome outcome;
        if (source.runDir != null) {
            if (!overrides.isEmpty()) {
                throw new IllegalArgumentException("--set cannot change a run being resumed; start a new run instead");
            }
            int epochs = ExperimentRunner.resumedSpec(source.runDir).epochs();
            try (TrainingProgress progress = new TrainingProgress(out, quiet, epochs)) {
                outcome = ExperimentRunner.resume(source.runDir, progress);
            }
        } else {
            ExperimentSpec experiment = SpecLoader.load(source.specFile, overrides);
            try (TrainingProgress progress = new TrainingProgress(out, quiet, experiment.epochs())) {
                outcome = ExperimentRunner.train(experiment, progress);
            }
        }
        out.println(summary(outcome));
        return 0;
    }

    static String summary(RunOutcome outcome) {
        TrainingResult result = outcome.result();
        MetricsRow last = result.last();
        String head = result.status() == RunStatus.COMPLETED
                ? "completed"
                : "DIVERGED at step %d%s: %s"
                        .formatted(
                                result.divergedAtStep(),
                                result.divergedLayer() >= 0 ? " (hidden layer " + result.divergedLayer() + ")" : "",
                                result.divergenceReason());
        return "%s | test accuracy %.4f, test loss %.4f | exact zeros: train %.4f, test %.4f | results in %s"
                .formatted(
                        head,
                        last.testAccuracy(),
                        last.testLoss(),
                        last.meanTrainZeros(),
                        last.meanTestZeros(),
                        outcome.dir());
    }
}
