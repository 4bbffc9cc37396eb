package org.sparseeoc.experiment;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Reads experiment specs: JSON text, then {@code --set} overrides on its tree (rules in {@link
 * Overrides}), then binding into {@link ExperimentSpec} with every default filled in and every value
 * checked. All failures are {@link SpecException}s naming the source, the JSON path and the fix.
 */
public final class SpecLoader {
    /** The source name of specs parsed from a string without one. */
    public static final String INLINE = "<spec>";

    private SpecLoader() {}

    /** Reads {@code file}, a UTF-8 JSON spec. */
    public static ExperimentSpec load(Path file) {
        return load(file, List.of());
    }

    /**
     * Reads {@code file}, a UTF-8 JSON spec, with overrides such as {@code optimizer.lr=0.01} (the
     * text after {@code --set}).
     */
    public static ExperimentSpec load(Path file, List<String> overrides) {
        String source = file.toString();
        return parse(read(file, source), source, overrides);
    }

    /** Parses a spec from JSON text. */
    public static ExperimentSpec parse(String json) {
        return parse(json, INLINE, List.of());
    }

    /**
     * Parses a spec from JSON text with overrides.
     *
     * @param json the spec
     * @param source where the text came from, for messages (a file name, or {@link #INLINE})
     * @param overrides {@code key.path=value} strings, applied before binding
     */
    public static ExperimentSpec parse(String json, String source, List<String> overrides) {
        List<SpecOverride> sets =
                overrides.stream().map(text -> SpecOverride.parse(text, source)).toList();
        ObjectNode tree = readTree(json, source);
        Set<SpecOverride> restarted = Overrides.apply(tree, sets, source);
        try {
            return SpecJson.MAPPER.treeToValue(tree, ExperimentSpec.class);
        } catch (JsonMappingException e) {
            throw blame(SpecErrors.translate(e, tree), source, sets, restarted);
        } catch (JsonProcessingException e) {
            throw new SpecException(source, "", e.getOriginalMessage(), e);
        }
    }

    private static String read(Path file, String source) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(source, "", "no such file; check the path (specs live under experiments/)", e);
        } catch (AccessDeniedException e) {
            throw new SpecException(source, "", "cannot read the file: permission denied", e);
        } catch (CharacterCodingException e) {
            throw new SpecException(source, "", "not UTF-8 text; save the spec as UTF-8", e);
        } catch (IOException e) {
            String why = Files.isDirectory(file) ? "a folder, not a spec file" : String.valueOf(e.getMessage());
            throw new SpecException(source, "", "cannot read the file: " + why, e);
        }
    }

    private static ObjectNode readTree(String json, String source) {
        JsonNode root;
        try {
            root = SpecJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? source : source + ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new SpecException(where, "", "malformed JSON: " + parseProblem(e), e);
        }
        if (root == null || root.isMissingNode()) {
            throw new SpecException(
                    source, "", "empty; a spec is a JSON object, see experiments/quickstart.json", null);
        }
        if (!(root instanceof ObjectNode object)) {
            throw new SpecException(
                    source, "", "expected a JSON object at the top level, got " + SpecErrors.describe(root), null);
        }
        return object;
    }

    // Jackson points at the opening brace of an unclosed object as "[Source: ...; line: 1, column: 1]".
    private static String parseProblem(JsonProcessingException e) {
        return e.getOriginalMessage()
                .replaceAll(
                        "\\(start marker at \\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]\\)",
                        "(opened at $1:$2)");
    }

    /**
     * Names the override behind an error: the most specific one whose path holds the error's (or
     * lies under it). A type switch covers the whole object it restarted and says so.
     */
    private static SpecException blame(
            SpecException error, String source, List<SpecOverride> sets, Set<SpecOverride> restarted) {
        SpecOverride culprit = null;
        int best = -1;
        for (SpecOverride set : sets) {
            String scope = restarted.contains(set) ? set.parentKey() : set.key();
            int score = covers(scope, error.path()) ? scope.length() : covers(error.path(), scope) ? 0 : -1;
            if (score >= best && score >= 0) {
                culprit = set;
                best = score;
            }
        }
        if (culprit == null) {
            return error.from(source, "");
        }
        String note = restarted.contains(culprit) && !error.path().equals(culprit.key())
                ? culprit.label() + " started " + culprit.parentKey()
                        + " afresh (its other fields in the file were dropped); give them with --set too"
                : "";
        return error.from(source + " with " + culprit.label(), note);
    }

    /** True when {@code path} is {@code scope} or lies under it. */
    private static boolean covers(String scope, String path) {
        return path.equals(scope) || path.startsWith(scope + ".");
    }
}
