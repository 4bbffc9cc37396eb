package org.sparseeoc.runreport;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sparseeoc.activation.ActivationKind;

/**
 * Finds run folders under a directory and reads them back. A run folder is one holding {@code
 * spec.json}; with {@code summary.json} as well it has ended (completed or diverged), without it
 * the run is still in progress (or was killed) and is listed as incomplete. A folder whose files
 * cannot be read or make no sense is skipped with a one-line warning naming the file, never a
 * crash: one broken run must not hide the others.
 *
 * <p>Reads the JSON as trees, not as the current spec records, so that runs written by earlier
 * versions (or with fields added since) still report.
 */
final class RunScanner {
    static final String SPEC = "spec.json";
    static final String SUMMARY = "summary.json";
    static final String METRICS = "metrics.csv";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The runs found (sorted by folder) and a warning per folder skipped. */
    record Scan(List<RunRecord> runs, List<String> warnings) {
        Scan {
            runs = List.copyOf(runs);
            warnings = List.copyOf(warnings);
        }
    }

    /** A file that is there but cannot be used; the message names the file and what is wrong. */
    private static final class BadRunException extends Exception {
        private static final long serialVersionUID = 1L;

        BadRunException(String message) {
            super(message);
        }
    }

    private RunScanner() {}

    /** Every run folder at any depth under {@code root}, in path order. */
    static Scan scan(Path root) throws IOException {
        List<Path> folders;
        try (Stream<Path> paths = Files.walk(root)) {
            folders = paths.filter(p -> Files.isRegularFile(p.resolve(SPEC)))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<RunRecord> runs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Path folder : folders) {
            try {
                runs.add(read(root, folder));
            } catch (BadRunException e) {
                warnings.add("skipped run: " + e.getMessage());
            }
        }
        return new Scan(runs, warnings);
    }

    private static RunRecord read(Path root, Path folder) throws BadRunException {
        Path relative = root.relativize(folder);
        JsonNode spec = readJson(folder.resolve(SPEC));
        RunGroup group = group(spec, folder.resolve(SPEC));
        long seed = spec.path("seed").asLong(1);
        Path summaryFile = folder.resolve(SUMMARY);
        if (!Files.exists(summaryFile)) {
            return new RunRecord(relative, group, seed, RunRecord.State.INCOMPLETE, null, RunRecord.Curve.EMPTY);
        }
        JsonNode summary = readJson(summaryFile);
        RunRecord.State state = switch (summary.path("status").asText()) {
            case "completed" -> RunRecord.State.COMPLETED;
            case "diverged" -> RunRecord.State.DIVERGED;
            default ->
                throw new BadRunException(summaryFile + ": status must be completed or diverged, got '"
                        + summary.path("status").asText() + "'");
        };
        JsonNode last = summary.path("final");
        RunRecord.FinalMetrics end = new RunRecord.FinalMetrics(
                number(last, "testAccuracy", summaryFile),
                number(last, "meanTrainZeros", summaryFile),
                number(last, "meanTestZeros", summaryFile),
                layers(last.path("layers"), summaryFile));
        double stepsPerEpoch = last.path("epoch").asDouble() > 0
                ? last.path("step").asDouble() / last.path("epoch").asDouble()
                : Double.NaN;
        return new RunRecord(relative, group, seed, state, end, curve(folder.resolve(METRICS), stepsPerEpoch));
    }

    private static RunGroup group(JsonNode spec, Path file) throws BadRunException {
        JsonNode activation = spec.path("activation");
        ActivationKind kind;
        try {
            kind = ActivationKind.fromName(text(activation, "kind", file));
        } catch (IllegalArgumentException e) {
            throw new BadRunException(file + ": activation.kind: " + e.getMessage());
        }
        double sparsity = number(activation, "sparsity", file);
        ClipSetting clip;
        if (activation.hasNonNull("clip")) {
            clip = new ClipSetting(ClipSetting.Scale.RELATIVE, number(activation, "clip", file));
        } else if (activation.hasNonNull("clipAbs")) {
            clip = new ClipSetting(ClipSetting.Scale.ABSOLUTE, number(activation, "clipAbs", file));
        } else {
            clip = ClipSetting.NONE;
        }
        return new RunGroup(kind, sparsity, clip, model(spec.path("model"), file));
    }

    /** E.g. {@code mlp 20x300} (depth × width) or {@code cnn 50x64 k3} (depth × channels, kernel). */
    private static String model(JsonNode model, Path file) throws BadRunException {
        String type = text(model, "type", file);
        return switch (type) {
            case "mlp" ->
                "mlp " + model.path("depth").asInt() + "x" + model.path("width").asInt();
            case "cnn" ->
                "cnn " + model.path("depth").asInt() + "x"
                        + model.path("channels").asInt() + " k"
                        + model.path("kernel").asInt();
            default -> type + " " + model.path("depth").asInt();
        };
    }

    private static List<RunRecord.Layer> layers(JsonNode layers, Path file) throws BadRunException {
        if (!layers.isArray()) {
            throw new BadRunException(file + ": final.layers is missing or not a list");
        }
        List<RunRecord.Layer> out = new ArrayList<>();
        for (JsonNode layer : layers) {
            out.add(new RunRecord.Layer(
                    layer.path("layer").asInt(out.size()),
                    number(layer, "testZeros", file),
                    number(layer, "testVariance", file)));
        }
        return out;
    }

    /**
     * Test accuracy against epoch from metrics.csv (step converted with the run's steps per epoch);
     * empty when the file is missing or the run never finished an epoch.
     */
    private static RunRecord.Curve curve(Path csv, double stepsPerEpoch) throws BadRunException {
        if (!Files.isRegularFile(csv) || !(stepsPerEpoch > 0)) {
            return RunRecord.Curve.EMPTY;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new BadRunException(csv + ": cannot read (" + e.getMessage() + ")");
        }
        if (lines.isEmpty()) {
            throw new BadRunException(csv + ": empty file (no header row)");
        }
        List<String> header = columnNames(lines.get(0));
        int step = header.indexOf("step");
        int accuracy = header.indexOf("test_accuracy");
        if (step < 0 || accuracy < 0) {
            throw new BadRunException(csv + ": header lacks step or test_accuracy columns");
        }
        int n = lines.size() - 1;
        double[] epoch = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            String[] cells = lines.get(i + 1).split(",", -1);
            if (cells.length != header.size()) {
                throw new BadRunException(
                        csv + ": line " + (i + 2) + " has " + cells.length + " cells, header has " + header.size());
            }
            epoch[i] = cell(cells[step], csv, i + 2) / stepsPerEpoch;
            values[i] = cell(cells[accuracy], csv, i + 2);
        }
        return new RunRecord.Curve(epoch, values);
    }

    /** Header cells are {@code name [unit]}; the names. */
    private static List<String> columnNames(String header) {
        List<String> names = new ArrayList<>();
        for (String cell : header.split(",", -1)) {
            int bracket = cell.indexOf(" [");
            names.add((bracket < 0 ? cell : cell.substring(0, bracket)).trim());
        }
        return names;
    }

    private static double cell(String text, Path csv, int line) throws BadRunException {
        if (text.isEmpty()) {
            return Double.NaN; // a value not measured at this row (CsvTable writes NaN as empty)
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new BadRunException(csv + ": line " + line + ": '" + text + "' is not a number");
        }
    }

    private static JsonNode readJson(Path file) throws BadRunException {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new BadRunException(file + ": expected a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw new BadRunException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new BadRunException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode parent, String field, Path file) throws BadRunException {
        JsonNode node = parent.path(field);
        if (!node.isTextual()) {
            throw new BadRunException(file + ": " + field + " is missing or not text");
        }
        return node.asText();
    }

    private static double number(JsonNode parent, String field, Path file) throws BadRunException {
        JsonNode node = parent.path(field);
        if (node.isNumber()) {
            return node.asDouble();
        }
        // Metrics JSON writes non-finite values as strings (see train/MetricsJson).
        return switch (node.asText("")) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new BadRunException(file + ": " + field + " is missing or not a number");
        };
    }
}
