package org.sparseeoc.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.sparseeoc.backend.BackendInfo;

/**
 * Where a run's numbers came from: the build's git commit, the seed, the JVM and OS, the backend
 * (with its GEMM library and threads), and when it ran. Written as provenance.json beside every
 * run's results.
 */
public final class RunProvenance {
    private static final String GIT_PROPERTIES = "/org/sparseeoc/git.properties";

    private RunProvenance() {}

    /** The git fields of this build ("unknown" when built outside a git checkout). */
    public static Map<String, String> git() {
        Properties props = new Properties();
        try (InputStream in = RunProvenance.class.getResourceAsStream(GIT_PROPERTIES)) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + GIT_PROPERTIES, e);
        }
        Map<String, String> git = new LinkedHashMap<>();
        git.put("commit", props.getProperty("git.commit.id.full", "unknown"));
        git.put("dirty", props.getProperty("git.dirty", "unknown"));
        git.put("branch", props.getProperty("git.branch", "unknown"));
        git.put("commitTime", props.getProperty("git.commit.time", "unknown"));
        return git;
    }

    /** The JVM, OS and machine this process runs on. */
    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("javaVersion", System.getProperty("java.version"));
        machine.put("javaVendor", System.getProperty("java.vendor"));
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        return machine;
    }

    /**
     * The backend as recorded: name, GEMM library, threads and details, and for a run that asked
     * for {@code auto} and got the CPU, why the GPU was not usable ({@code fallback}).
     */
    public static Map<String, Object> backend(BackendInfo info, Optional<String> fallback) {
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("name", info.name());
        backend.put("gemm", info.gemm());
        backend.put("threads", info.threads());
        backend.put("details", info.details());
        fallback.ifPresent(reason -> backend.put("fallback", reason));
        return backend;
    }

    /** When the run recorded in {@code provenance} (a provenance.json) started, if it says. */
    public static Optional<Instant> started(Path provenance) throws IOException {
        return read(provenance)
                .map(p -> p.path("started"))
                .filter(JsonNode::isTextual)
                .map(n -> Instant.parse(n.asText()));
    }

    /** The resume times recorded in {@code provenance}, plus {@code now}. */
    public static List<String> resumedAt(Path provenance, Instant now) throws IOException {
        List<String> times = new ArrayList<>();
        read(provenance).map(p -> p.path("resumedAt")).ifPresent(list -> list.forEach(t -> times.add(t.asText())));
        times.add(now.toString());
        return times;
    }

    private static Optional<JsonNode> read(Path provenance) throws IOException {
        return Files.isRegularFile(provenance)
                ? Optional.of(new ObjectMapper().readTree(provenance.toFile()))
                : Optional.empty();
    }

    /** The full provenance object for a run. */
    public static Map<String, Object> of(
            Map<String, Object> resolvedSpec,
            long seed,
            BackendInfo backend,
            Optional<String> fallback,
            Map<String, Object> init,
            Instant started,
            List<String> resumedAt,
            Instant ended,
            String status) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("spec", resolvedSpec);
        out.put("seed", seed);
        out.put("git", git());
        out.put("machine", machine());
        out.put("backend", backend(backend, fallback));
        out.put("init", init);
        out.put("started", started.toString());
        out.put("resumedAt", resumedAt);
        out.put("ended", ended == null ? null : ended.toString());
        out.put("status", status);
        return out;
    }
}
