package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * One training run, fully resolved: every default filled in, every value checked. Built from JSON
 * by {@link SpecLoader}; field reference in experiments/README.md.
 *
 * @param name run name, {@code [A-Za-z0-9._-]+} (required)
 * @param seed seed of every random choice in the run (default 1)
 * @param backend where to compute (default cpu)
 * @param output folder for the run's results (default {@code results/<name>})
 * @param data the data set (required)
 * @param model the architecture (required)
 * @param activation the hidden layers' activation and target sparsity (required)
 * @param init the initialisation (default eoc with input scaling)
 * @param optimizer the optimiser (required)
 * @param schedule the learning-rate schedule (default constant)
 * @param gradClip largest global L2 norm of the gradient, which is rescaled when above; null for no
 *     clipping (default null)
 * @param epochs passes over the training data, &ge; 1 (required)
 * @param batchSize examples per step, &ge; 1 (required)
 * @param metrics what is measured besides loss and accuracy
 * @param divergence when the run counts as diverged
 * @param checkpoint when state is saved
 * @param gpu how the CUDA backend runs GEMM and which sparse products it uses (default auto, TF32
 *     off, built-in sparse kernels)
 * @param sparse dense or sparse products for an MLP's hidden inputs (default auto)
 */
public record ExperimentSpec(
        String name,
        long seed,
        Backend backend,
        String output,
        DataSpec data,
        ModelSpec model,
        ActivationSpec activation,
        InitSpec init,
        OptimizerSpec optimizer,
        ScheduleSpec schedule,
        Double gradClip,
        int epochs,
        int batchSize,
        MetricsSpec metrics,
        DivergenceSpec divergence,
        CheckpointSpec checkpoint,
        GpuSpec gpu,
        SparseSpec sparse) {
    public static final long DEFAULT_SEED = 1;
    public static final Backend DEFAULT_BACKEND = Backend.CPU;

    // Names become folder names, so no separators; "." and ".." would escape results/.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    public ExperimentSpec {
        Check.required("name", name, "a run name such as quickstart");
        if (!NAME.matcher(name).matches() || name.chars().allMatch(c -> c == '.')) {
            throw new SpecException(
                    "name", "'" + name + "' is not a valid run name: use letters, digits, '.', '_' and '-' only");
        }
        Check.required("backend", backend, "cpu, cuda or auto");
        Check.required("output", output, "the results folder");
        if (output.isBlank()) {
            throw new SpecException("output", "must name a folder; leave it out for results/" + name);
        }
        Check.required("data", data, "an object such as {\"source\": \"bundled:mnist-10k\"}");
        Check.required("model", model, "an object such as {\"type\": \"mlp\", \"depth\": 20, \"width\": 300}");
        Check.required(
                "activation", activation, "an object such as {\"kind\": \"crelu\", \"sparsity\": 0.85, \"clip\": 1}");
        Check.required("init", init, "an object such as {\"scheme\": \"eoc\"}");
        Check.required("optimizer", optimizer, "an object such as {\"type\": \"sgd\", \"lr\": 0.01}");
        Check.required("schedule", schedule, "an object such as {\"type\": \"constant\"}");
        if (gradClip != null) {
            Check.positive("gradClip", gradClip);
        }
        Check.atLeast("epochs", epochs, 1);
        Check.atLeast("batchSize", batchSize, 1);
        Check.required("metrics", metrics, "an object such as {\"everySteps\": 0}");
        Check.required("divergence", divergence, "an object such as {\"maxVariance\": 1e8}");
        Check.required("checkpoint", checkpoint, "an object such as {\"everySteps\": 0}");
        Check.required("gpu", gpu, "an object such as {\"gemm\": \"auto\"}");
        Check.required("sparse", sparse, "an object such as {\"mode\": \"auto\"}");
        if (schedule instanceof ScheduleSpec.Cosine cosine) {
            checkCosine(cosine, optimizer.lr(), epochs);
        }
    }

    /** The results folder as a path. */
    public Path outputDir() {
        return Path.of(output);
    }

    // The schedule's own record cannot see the run's length or base rate; checked here instead.
    private static void checkCosine(ScheduleSpec.Cosine cosine, double lr, int epochs) {
        if (cosine.warmupEpochs() >= epochs) {
            throw new SpecException(
                    "schedule.warmupEpochs",
                    "must be below epochs (" + epochs + "), got " + cosine.warmupEpochs()
                            + ": the warm-up would fill the whole run");
        }
        if (cosine.minLr() > lr) {
            throw new SpecException(
                    "schedule.minLr", "must not exceed optimizer.lr (" + lr + "), got " + cosine.minLr());
        }
    }

    @JsonCreator
    private static ExperimentSpec json(
            @JsonProperty("name") String name,
            @JsonProperty("seed") Long seed,
            @JsonProperty("backend") Backend backend,
            @JsonProperty("output") String output,
            @JsonProperty("data") DataSpec data,
            @JsonProperty("model") ModelSpec model,
            @JsonProperty("activation") ActivationSpec activation,
            @JsonProperty("init") InitSpec init,
            @JsonProperty("optimizer") OptimizerSpec optimizer,
            @JsonProperty("schedule") ScheduleSpec schedule,
            @JsonProperty("gradClip") Double gradClip,
            @JsonProperty("epochs") Integer epochs,
            @JsonProperty("batchSize") Integer batchSize,
            @JsonProperty("metrics") MetricsSpec metrics,
            @JsonProperty("divergence") DivergenceSpec divergence,
            @JsonProperty("checkpoint") CheckpointSpec checkpoint,
            @JsonProperty("gpu") GpuSpec gpu,
            @JsonProperty("sparse") SparseSpec sparse) {
        Check.required("name", name, "a run name such as quickstart");
        return new ExperimentSpec(
                name,
                Check.orDefault(seed, DEFAULT_SEED),
                Check.orDefault(backend, DEFAULT_BACKEND),
                Check.orDefault(output, "results/" + name),
                data,
                model,
                activation,
                Check.orDefault(init, InitSpec.DEFAULTS),
                optimizer,
                Check.orDefault(schedule, ScheduleSpec.DEFAULT),
                gradClip,
                Check.required("epochs", epochs, "passes over the training data, e.g. 10"),
                Check.required("batchSize", batchSize, "examples per step, e.g. 128"),
                Check.orDefault(metrics, MetricsSpec.DEFAULTS),
                Check.orDefault(divergence, DivergenceSpec.DEFAULTS),
                Check.orDefault(checkpoint, CheckpointSpec.DEFAULTS),
                Check.orDefault(gpu, GpuSpec.DEFAULTS),
                Check.orDefault(sparse, SparseSpec.DEFAULTS));
    }
}
