package org.sparseeoc.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.sparseeoc.report.AtomicFile;

/**
 * {@code <run>/sweep-status.json}: what the last sweep attempt at a run did and how it ended,
 * written atomically after every attempt (not when a finished run is skipped). It is how a failure
 * is recorded (the run itself has no summary then), and how a parent process learns a child's
 * outcome. {@code summary.json} stays the authority on whether a run finished.
 */
final class SweepStatus {
    static final String FILE = "sweep-status.json";

    private SweepStatus() {}

    static void write(PointOutcome outcome, String label) throws IOException {
        ObjectNode json = SweepLoader.JSON.createObjectNode();
        json.put("index", outcome.index());
        json.put("label", label);
        json.put("action", outcome.action().jsonName());
        json.put("status", outcome.result().jsonName());
        json.put("detail", outcome.detail());
        json.put("at", Instant.now().toString());
        Files.createDirectories(outcome.dir());
        byte[] bytes =
                SweepLoader.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json);
        AtomicFile.write(outcome.dir().resolve(FILE), bytes);
    }

    /** The outcome recorded in {@code dir}, if there is a readable one. */
    static Optional<PointOutcome> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = SweepLoader.JSON.readTree(file.toFile());
            return Optional.of(new PointOutcome(
                    json.path("index").asInt(),
                    dir,
                    PointOutcome.Action.valueOf(json.path("action").asText().toUpperCase(Locale.ROOT)),
                    PointOutcome.Result.valueOf(json.path("status").asText().toUpperCase(Locale.ROOT)),
                    json.path("detail").asText()));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // not ours: treated as no record
        }
    }

    /** Removes the record of an earlier attempt, so that a stale one is never read as this one's. */
    static void clear(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(FILE));
    }
}
