package org.sparseeoc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesJobTest {
    @TempDir
    Path dir;

    private SweepPlan plan() {
        Path file = SweepFiles.write(
                dir,
                SweepFiles.sweep(
                        dir,
                        "Paper_MLP.v2",
                        "[{\"activation.sparsity\": [0.7, 0.85], \"seed\": [1, 2, 3]}]",
                        "[{\"activation\": {\"kind\": \"relu\", \"sparsity\": 0.5}}]"));
        return SweepPlan.of(SweepLoader.load(file));
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        try (var docs = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            return docs.readAll();
        }
    }

    @Test
    void theJobIsIndexedWithOneCompletionPerRunGpusAndVolumes() throws IOException {
        SweepPlan plan = plan();
        List<JsonNode> docs = documents(
                KubernetesJob.yaml(plan, new KubernetesJob.Options("reg/sparse-eoc:1", 3, 2, "results-pvc", "mnist")));
        assertEquals(2, docs.size());
        JsonNode configMap = docs.get(0);
        JsonNode job = docs.get(1);
        assertEquals("ConfigMap", configMap.path("kind").asText());
        assertEquals("batch/v1", job.path("apiVersion").asText());
        assertEquals("Job", job.path("kind").asText());
        assertEquals("sweep-paper-mlp-v2", job.path("metadata").path("name").asText());
        JsonNode spec = job.path("spec");
        assertEquals("Indexed", spec.path("completionMode").asText());
        assertEquals(7, spec.path("completions").asInt());
        assertEquals(3, spec.path("parallelism").asInt());
        assertTrue(spec.path("backoffLimitPerIndex").asInt() >= 1);
        JsonNode rules = spec.path("podFailurePolicy").path("rules");
        assertEquals("FailIndex", rules.path(0).path("action").asText());
        assertEquals(2, rules.path(0).path("onExitCodes").path("values").path(0).asInt());
        assertEquals(
                "DisruptionTarget",
                rules.path(1).path("onPodConditions").path(0).path("type").asText());

        JsonNode pod = spec.path("template").path("spec");
        assertEquals("Never", pod.path("restartPolicy").asText());
        JsonNode container = pod.path("containers").path(0);
        assertEquals("reg/sparse-eoc:1", container.path("image").asText());
        assertEquals(List.of("sweep", "run", "/sweep/sweep.json"), texts(container.path("args")));
        assertEquals(
                2,
                container
                        .path("resources")
                        .path("limits")
                        .path("nvidia.com/gpu")
                        .asInt());
        assertEquals(List.of("/sweep", "/results", "/work/data"), texts(container.path("volumeMounts"), "mountPath"));
        assertEquals("/work", container.path("workingDir").asText());
        JsonNode volumes = pod.path("volumes");
        assertEquals(List.of("sweep", "results", "data"), texts(volumes, "name"));
        assertEquals(
                configMap.path("metadata").path("name").asText(),
                volumes.path(0).path("configMap").path("name").asText());
        assertEquals(
                "results-pvc",
                volumes.path(1).path("persistentVolumeClaim").path("claimName").asText());
        assertEquals(
                "mnist",
                volumes.path(2).path("persistentVolumeClaim").path("claimName").asText());
    }

    @Test
    void withoutGpusOrDataThereIsNoGpuRequestAndNoDataVolume() throws IOException {
        SweepPlan plan = plan();
        JsonNode job = documents(KubernetesJob.yaml(plan, new KubernetesJob.Options("img", 50, 0, "res", null)))
                .get(1);
        JsonNode container = job.path("spec")
                .path("template")
                .path("spec")
                .path("containers")
                .path(0);
        assertTrue(container.path("resources").isMissingNode(), container.toString());
        assertEquals(List.of("/sweep", "/results"), texts(container.path("volumeMounts"), "mountPath"));
        assertEquals(7, job.path("spec").path("parallelism").asInt(), "no more pods than runs");
    }

    @Test
    void theConfigMapSweepPlansToTheSameRunsIndexForIndexOnTheResultsVolume() throws IOException {
        SweepPlan plan = plan();
        JsonNode configMap = documents(KubernetesJob.yaml(plan, new KubernetesJob.Options("img", 1, 0, "res", null)))
                .get(0);
        Path copy = Files.createDirectories(dir.resolve("pod")).resolve("sweep.json");
        Files.writeString(copy, configMap.path("data").path("sweep.json").asText());
        SweepPlan inPod = SweepPlan.of(SweepLoader.load(copy));
        assertEquals(plan.size(), inPod.size());
        for (int i = 0; i < plan.size(); i++) {
            PlannedRun here = plan.run(i);
            PlannedRun there = inPod.run(i);
            assertEquals(here.sets(), there.sets(), "run " + i);
            assertEquals(here.spec().name(), there.spec().name(), "run " + i);
            assertEquals(
                    Path.of("/results/sweeps/Paper_MLP.v2").resolve(here.dir().getFileName()), there.dir());
            assertEquals(here.spec().optimizer(), there.spec().optimizer(), "run " + i);
            assertEquals(here.spec().activation(), there.spec().activation(), "run " + i);
        }
        assertFalse(Files.exists(dir.resolve("pod/base.json")), "the pod's sweep needs no base file");
    }

    @Test
    void badOptionsAreErrorsNamingTheOption() {
        assertTrue(assertThrows(SweepException.class, () -> new KubernetesJob.Options(" ", 1, 0, "r", null))
                .getMessage()
                .startsWith("--image: "));
        assertTrue(assertThrows(SweepException.class, () -> new KubernetesJob.Options("i", 0, 0, "r", null))
                .getMessage()
                .startsWith("--parallelism: "));
        assertTrue(assertThrows(SweepException.class, () -> new KubernetesJob.Options("i", 1, 0, "Bad_Name", null))
                .getMessage()
                .startsWith("--results-claim: "));
    }

    private static List<String> texts(JsonNode array) {
        return texts(array, null);
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node ->
                texts.add(field == null ? node.asText() : node.path(field).asText()));
        return texts;
    }
}
