package org.sparseeoc.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a sweep spec file into a {@link SweepSpec}. Only the sweep's own structure is checked here
 * (fields, types, axis paths); whether each run is a valid experiment is {@link SweepPlan}'s job.
 * Unknown fields, duplicate keys and trailing text are errors, as in experiment specs.
 */
public final class SweepLoader {
    /**
     * JSON with the strictness of experiment specs (duplicate keys and trailing text are errors).
     * Numbers keep the text they were written with (0.0003 stays 0.0003, not 3.0E-4; 2.0 stays 2.0),
     * so labels, tables and the overrides handed to SpecLoader show and mean what the file says.
     */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private static final Set<String> FIELDS = Set.of("name", "description", "base", "output", "grids", "points");

    /** Fields each run's spec gets from the sweep; an override of them would break the numbering. */
    private static final Set<String> OWNED = Set.of("name", "output");

    /** More runs than this is a mistake (and past what Slurm arrays and Indexed Jobs take). */
    static final long MAX_RUNS = 100_000;

    private SweepLoader() {}

    /** Reads and checks {@code file}. */
    public static SweepSpec load(Path file) {
        String source = file.toString();
        ObjectNode root = object(readTree(read(file, source), source), source, "");
        for (var names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new SweepException(
                        source,
                        field,
                        "unknown field; valid fields of a sweep spec: name, description, base, output, grids, points");
            }
        }
        String name = text(root, "name", source, true);
        String output = text(root, "output", source, false);
        text(root, "description", source, false);
        List<Grid> grids = grids(root.path("grids"), source);
        List<List<Assignment>> points = points(root.path("points"), source);
        long runs = grids.stream().mapToLong(Grid::size).reduce(points.size(), Math::addExact);
        if (runs > MAX_RUNS) {
            throw new SweepException(source, "grids", runs + " runs is more than " + MAX_RUNS + "; split the sweep");
        }
        return new SweepSpec(
                file,
                name,
                base(root.path("base"), file),
                output == null ? SweepSpec.defaultOutput(name) : output,
                grids,
                points);
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SweepException(what, "", "no such file; check the path", e);
        } catch (IOException e) {
            throw new SweepException(what, "", "cannot read the file: " + e.getMessage(), e);
        }
    }

    private static JsonNode readTree(String json, String source) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new SweepException(source, "", "empty; a sweep spec is a JSON object (experiments/README.md)");
            }
            return root;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new SweepException(where, "", "malformed JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static BaseSpec base(JsonNode node, Path file) {
        String source = file.toString();
        if (node.isObject()) {
            return new BaseSpec.Inline((ObjectNode) node, file);
        }
        if (!node.isTextual()) {
            throw new SweepException(
                    source,
                    "base",
                    node.isMissingNode()
                            ? "missing (required): an experiment spec file relative to this file, or a spec object"
                            : "expected a file name (string) or a spec object, got " + node);
        }
        Path baseFile = file.resolveSibling(node.asText()).normalize();
        return new BaseSpec.FromFile(baseFile, read(baseFile, source + ": base: " + baseFile));
    }

    private static List<Grid> grids(JsonNode node, String source) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new SweepException(
                    source, "grids", "expected an array of grid objects such as [{\"seed\": [1, 2, 3]}], got " + node);
        }
        List<Grid> grids = new ArrayList<>();
        for (int g = 0; g < node.size(); g++) {
            String at = "grids[" + g + "]";
            List<Axis> axes = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry :
                    object(node.get(g), source, at).properties()) {
                String axisAt = at + "." + entry.getKey();
                checkPath(entry.getKey(), source, axisAt);
                JsonNode values = entry.getValue();
                if (!values.isArray() || values.isEmpty()) {
                    throw new SweepException(
                            source, axisAt, "expected a non-empty array of the values this field takes, got " + values);
                }
                List<JsonNode> list = new ArrayList<>();
                values.forEach(list::add);
                axes.add(new Axis(entry.getKey(), list));
            }
            if (axes.isEmpty()) {
                throw new SweepException(source, at, "empty grid; give at least one axis, e.g. {\"seed\": [1, 2, 3]}");
            }
            checkDisjoint(axes.stream().map(Axis::path).toList(), source, at);
            grids.add(new Grid(axes));
        }
        return grids;
    }

    private static List<List<Assignment>> points(JsonNode node, String source) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new SweepException(
                    source, "points", "expected an array of override objects such as [{\"seed\": 4}], got " + node);
        }
        List<List<Assignment>> points = new ArrayList<>();
        for (int p = 0; p < node.size(); p++) {
            String at = "points[" + p + "]";
            List<Assignment> point = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry :
                    object(node.get(p), source, at).properties()) {
                checkPath(entry.getKey(), source, at + "." + entry.getKey());
                point.add(new Assignment(entry.getKey(), entry.getValue()));
            }
            checkDisjoint(point.stream().map(Assignment::path).toList(), source, at);
            points.add(point);
        }
        return points;
    }

    private static void checkPath(String path, String source, String at) {
        if (!Assignment.PATH.matcher(path).matches()) {
            throw new SweepException(
                    source, at, "not a field path: use spec field names joined by dots, e.g. activation.sparsity");
        }
        if (OWNED.contains(path.split("\\.")[0])) {
            throw new SweepException(
                    source, at, "the sweep sets each run's name and output itself (from the sweep's name and output)");
        }
    }

    /** Two overrides of one field, or of a field and the object holding it, would depend on order. */
    private static void checkDisjoint(List<String> paths, String source, String at) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (Assignment.overlap(paths.get(i), paths.get(j))) {
                    throw new SweepException(
                            source,
                            at,
                            paths.get(i) + " and " + paths.get(j) + " overlap; set the object whole or its fields");
                }
            }
        }
    }

    private static ObjectNode object(JsonNode node, String source, String at) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new SweepException(source, at, "expected a JSON object, got " + node);
    }

    private static String text(ObjectNode root, String field, String source, boolean required) {
        JsonNode node = root.path(field);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                throw new SweepException(source, field, "missing (required): the sweep's name, e.g. lr-sweep");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new SweepException(source, field, "expected a string, got " + node);
        }
        return node.asText();
    }
}
