package org.sparseeoc.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Locale;

/**
 * A Kubernetes Indexed Job that runs a sweep, pod i running run i ({@code sweep run FILE}, which
 * reads the index from {@value ArrayIndex#KUBERNETES}, set by Kubernetes). Two YAML documents:
 *
 * <ul>
 *   <li>a ConfigMap holding the sweep as one self-contained file, {@code sweep.json}: the same
 *       name, grids and points, the base spec written inline (so no file outside the ConfigMap is
 *       needed) and the output moved onto the results volume ({@value #RESULTS}{@code
 *       /sweeps/<name>}). Same points in the same order: the same plan, index for index;
 *   <li>the Job: completions = number of runs, the given parallelism, GPUs as {@code
 *       nvidia.com/gpu} limits, the ConfigMap at {@value #SWEEP}, a PersistentVolumeClaim at
 *       {@value #RESULTS} for results, optionally a data claim at {@value #WORKDIR}{@code /data}
 *       (read-only; the working directory is {@value #WORKDIR}, so {@code idx:data/mnist} is found
 *       there). A pod that fails is retried per index and resumes from its checkpoint; exit code
 *       2 (bad input) fails its index at once; evictions (node drain, preemption) do not count as
 *       failures.
 * </ul>
 *
 * The image's entrypoint must be the {@code sparse-eoc} command line.
 */
public final class KubernetesJob {
    static final String SWEEP = "/sweep";
    static final String RESULTS = "/results";
    static final String WORKDIR = "/work";
    static final String SWEEP_FILE = "sweep.json";
    static final String CONTAINER = "sweep";
    static final String GPU_RESOURCE = "nvidia.com/gpu";

    /** Retries of one index before Kubernetes gives it up; each retry resumes from the checkpoint. */
    static final int RETRIES_PER_INDEX = 3;

    // Job names become label values and pod host names (with "-<index>" added): at most 63 characters.
    private static final int MAX_NAME_CHARS = 50;

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    /**
     * What to run the Job with.
     *
     * @param image the container image, whose entrypoint is {@code sparse-eoc}
     * @param parallelism pods at a time, &ge; 1
     * @param gpus GPUs per pod, &ge; 0 (0: no GPU request)
     * @param resultsClaim the PersistentVolumeClaim for results (ReadWriteMany when pods may land
     *     on several nodes)
     * @param dataClaim a PersistentVolumeClaim holding the data sets, or null
     */
    public record Options(String image, int parallelism, int gpus, String resultsClaim, String dataClaim) {
        public Options {
            if (image == null || image.isBlank()) {
                throw new SweepException("", "--image", "must name a container image, e.g. registry/sparse-eoc:1.0");
            }
            if (parallelism < 1) {
                throw new SweepException("", "--parallelism", "must be at least 1, got " + parallelism);
            }
            if (gpus < 0) {
                throw new SweepException("", "--gpus", "must be 0 or more, got " + gpus);
            }
            if (resultsClaim == null || !resultsClaim.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                throw new SweepException(
                        "", "--results-claim", "'" + resultsClaim + "' is not a claim name (lower-case DNS name)");
            }
            if (dataClaim != null && !dataClaim.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                throw new SweepException(
                        "", "--data-claim", "'" + dataClaim + "' is not a claim name (lower-case DNS name)");
            }
        }
    }

    private KubernetesJob() {}

    /** The ConfigMap and the Job, as one YAML text of two documents. */
    public static String yaml(SweepPlan plan, Options options) {
        String job = jobName(plan.sweep().name());
        try {
            return YAML.writeValueAsString(configMap(plan.sweep(), job + "-spec"))
                    + YAML.writeValueAsString(job(plan, options, job));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write YAML", e);
        }
    }

    /** The Job's name: {@code sweep-} and {@link #label}. */
    static String jobName(String sweepName) {
        return "sweep-" + label(sweepName);
    }

    /**
     * A DNS-1123 label from the sweep's name (lower-case letters, digits, inner '-'), short enough
     * that the Job's name stays within {@value #MAX_NAME_CHARS} characters.
     */
    static String label(String sweepName) {
        String label = sweepName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        int max = MAX_NAME_CHARS - "sweep-".length();
        label = label.substring(0, Math.min(label.length(), max)).replaceAll("^-+|-+$", "");
        return label.isEmpty() ? "unnamed" : label;
    }

    /** The sweep as one self-contained file for the pods (see the class comment). */
    static String selfContained(SweepSpec sweep) {
        ObjectNode json = SweepLoader.JSON.createObjectNode();
        json.put("name", sweep.name());
        json.put("description", "generated from " + sweep.file() + " for a Kubernetes Indexed Job");
        try {
            json.set("base", SweepLoader.JSON.readTree(sweep.base().json()));
            json.put("output", RESULTS + "/sweeps/" + sweep.name());
            ArrayNode grids = json.putArray("grids");
            for (Grid grid : sweep.grids()) {
                ObjectNode axes = grids.addObject();
                for (Axis axis : grid.axes()) {
                    ArrayNode values = axes.putArray(axis.path());
                    axis.values().forEach(values::add);
                }
            }
            ArrayNode points = json.putArray("points");
            for (var point : sweep.points()) {
                ObjectNode sets = points.addObject();
                point.forEach(set -> sets.set(set.path(), set.value()));
            }
            return SweepLoader.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the base spec was read before, so it is JSON", e);
        }
    }

    private static ObjectNode configMap(SweepSpec sweep, String name) {
        ObjectNode map = YAML.createObjectNode();
        map.put("apiVersion", "v1");
        map.put("kind", "ConfigMap");
        metadata(map, name, sweep.name());
        map.putObject("data").put(SWEEP_FILE, selfContained(sweep));
        return map;
    }

    private static ObjectNode job(SweepPlan plan, Options options, String name) {
        ObjectNode job = YAML.createObjectNode();
        job.put("apiVersion", "batch/v1");
        job.put("kind", "Job");
        metadata(job, name, plan.sweep().name());
        ObjectNode spec = job.putObject("spec");
        spec.put("completionMode", "Indexed");
        spec.put("completions", plan.size());
        spec.put("parallelism", Math.min(options.parallelism(), plan.size()));
        spec.put("backoffLimitPerIndex", RETRIES_PER_INDEX);
        ArrayNode rules = spec.putObject("podFailurePolicy").putArray("rules");
        ObjectNode badInput = rules.addObject();
        badInput.put("action", "FailIndex");
        ObjectNode codes = badInput.putObject("onExitCodes");
        codes.put("containerName", CONTAINER);
        codes.put("operator", "In");
        codes.putArray("values").add(2);
        ObjectNode eviction = rules.addObject();
        eviction.put("action", "Ignore");
        eviction.putArray("onPodConditions").addObject().put("type", "DisruptionTarget");
        ObjectNode template = spec.putObject("template");
        template.set("metadata", labels(YAML.createObjectNode(), plan.sweep().name()));
        ObjectNode pod = template.putObject("spec");
        pod.put("restartPolicy", "Never");
        pod.putArray("containers").add(container(options));
        pod.set("volumes", volumes(options, name + "-spec"));
        return job;
    }

    private static JsonNode container(Options options) {
        ObjectNode container = YAML.createObjectNode();
        container.put("name", CONTAINER);
        container.put("image", options.image());
        container.putArray("args").add("sweep").add("run").add(SWEEP + "/" + SWEEP_FILE);
        container.put("workingDir", WORKDIR);
        if (options.gpus() > 0) {
            container.putObject("resources").putObject("limits").put(GPU_RESOURCE, options.gpus());
        }
        ArrayNode mounts = container.putArray("volumeMounts");
        mounts.addObject().put("name", "sweep").put("mountPath", SWEEP).put("readOnly", true);
        mounts.addObject().put("name", "results").put("mountPath", RESULTS);
        if (options.dataClaim() != null) {
            mounts.addObject()
                    .put("name", "data")
                    .put("mountPath", WORKDIR + "/data")
                    .put("readOnly", true);
        }
        return container;
    }

    private static ArrayNode volumes(Options options, String configMap) {
        ArrayNode volumes = YAML.createArrayNode();
        volumes.addObject().put("name", "sweep").putObject("configMap").put("name", configMap);
        volumes.addObject()
                .put("name", "results")
                .putObject("persistentVolumeClaim")
                .put("claimName", options.resultsClaim());
        if (options.dataClaim() != null) {
            volumes.addObject()
                    .put("name", "data")
                    .putObject("persistentVolumeClaim")
                    .put("claimName", options.dataClaim())
                    .put("readOnly", true);
        }
        return volumes;
    }

    private static void metadata(ObjectNode resource, String name, String sweepName) {
        ObjectNode metadata = resource.putObject("metadata");
        metadata.put("name", name);
        labels(metadata, sweepName);
    }

    private static ObjectNode labels(ObjectNode metadata, String sweepName) {
        ObjectNode labels = metadata.putObject("labels");
        labels.put("app.kubernetes.io/name", "sparse-eoc");
        labels.put("sparse-eoc/sweep", label(sweepName));
        return metadata;
    }
}
