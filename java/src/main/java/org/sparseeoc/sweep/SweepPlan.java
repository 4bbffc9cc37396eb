package org.sparseeoc.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.sparseeoc.experiment.Backend;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.SpecException;
import org.sparseeoc.experiment.SpecLoader;
import org.sparseeoc.report.AtomicFile;

/**
 * A sweep expanded into numbered runs. The order is fixed by the sweep file alone (grids in order,
 * each with its last axis fastest, then the listed points), so index i means the same run on every
 * machine that reads the same file. Every run is validated as a full experiment spec here, through
 * {@link SpecLoader} with its overrides as {@code --set}s, so an impossible combination fails before
 * anything runs; data files are not opened (a missing data set fails that run, at run time).
 *
 * @param sweep the sweep spec
 * @param runs the runs, run i at position i
 */
public record SweepPlan(SweepSpec sweep, List<PlannedRun> runs) {
    /** The plan file written into the sweep's output folder. */
    public static final String FILE = "plan.json";

    public SweepPlan {
        runs = List.copyOf(runs);
    }

    /** Expands and validates {@code sweep}. */
    public static SweepPlan of(SweepSpec sweep) {
        List<List<Assignment>> points = sweep.expand();
        Map<Map<String, JsonNode>, Integer> seen = new HashMap<>();
        List<PlannedRun> runs = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            List<Assignment> sets = points.get(i);
            Integer earlier =
                    seen.putIfAbsent(sets.stream().collect(Collectors.toMap(Assignment::path, Assignment::value)), i);
            if (earlier != null) {
                throw new SweepException(
                        sweep.file().toString(),
                        "point " + i,
                        "repeats point " + earlier + " (" + describe(sets) + "); each run must differ");
            }
            runs.add(plan(sweep, i, sets));
        }
        return new SweepPlan(sweep, runs);
    }

    private static PlannedRun plan(SweepSpec sweep, int index, List<Assignment> sets) {
        String label = RunLabel.of(sets);
        String folder = "%04d-%s".formatted(index, label);
        List<String> overrides = new ArrayList<>();
        sets.forEach(set -> overrides.add(set.setText()));
        overrides.add("name=" + TextNode.valueOf(sweep.name() + "-" + folder));
        overrides.add(
                "output=" + TextNode.valueOf(sweep.outputDir().resolve(folder).toString()));
        BaseSpec base = sweep.base();
        try {
            ExperimentSpec spec = SpecLoader.parse(base.json(), base.source(), overrides);
            return new PlannedRun(index, sets, label, spec);
        } catch (SpecException e) {
            throw new SweepException(
                    sweep.file().toString(), "point " + index + " (" + describe(sets) + ")", e.getMessage(), e);
        }
    }

    private static String describe(List<Assignment> sets) {
        return sets.isEmpty()
                ? "the base"
                : sets.stream().map(Assignment::display).collect(Collectors.joining(", "));
    }

    /** True when some run's backend may use a GPU ({@code cuda} or {@code auto}). */
    public boolean usesGpu() {
        return runs.stream().anyMatch(run -> run.spec().backend() != Backend.CPU);
    }

    /** Number of runs. */
    public int size() {
        return runs.size();
    }

    /** Run {@code index}; an out-of-range index is an error naming the valid range. */
    public PlannedRun run(int index) {
        if (index < 0 || index >= runs.size()) {
            throw new SweepException(
                    sweep.file().toString(),
                    "",
                    "no run " + index + ": the sweep has " + runs.size() + " runs, 0 to " + (runs.size() - 1));
        }
        return runs.get(index);
    }

    /** The plan as a table for people: index, state, run folder, overrides. */
    public String table() {
        int width = Math.max(
                "run".length(),
                runs.stream()
                        .mapToInt(r -> r.dir().getFileName().toString().length())
                        .max()
                        .orElse(0));
        String row = "%-6s %-11s %-" + width + "s %s%n";
        StringBuilder table = new StringBuilder();
        table.append("sweep %s: %d runs from %s into %s%n"
                .formatted(sweep.name(), runs.size(), sweep.base().source(), sweep.output()));
        table.append(row.formatted("index", "state", "run", "overrides"));
        for (PlannedRun run : runs) {
            table.append(row.formatted(
                    run.index(),
                    RunState.of(run.dir()).name().toLowerCase(Locale.ROOT),
                    run.dir().getFileName(),
                    run.describe()));
        }
        return table.toString();
    }

    /** Writes {@code <output>/plan.json} atomically and returns its path. */
    public Path write() throws IOException {
        ObjectNode json = SweepLoader.JSON.createObjectNode();
        json.put("sweep", sweep.name());
        json.put("file", sweep.file().toString());
        json.put("base", sweep.base().source());
        json.put("output", sweep.output());
        json.put("runs", runs.size());
        ArrayNode list = json.putArray("plan");
        for (PlannedRun run : runs) {
            ObjectNode entry = list.addObject();
            entry.put("index", run.index());
            entry.put("label", run.label());
            entry.put("name", run.spec().name());
            entry.put("dir", run.dir().toString());
            ObjectNode sets = entry.putObject("overrides");
            run.sets().forEach(set -> sets.set(set.path(), set.value()));
        }
        Path dir = sweep.outputDir();
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        AtomicFile.write(
                file,
                SweepLoader.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(json));
        return file;
    }
}
