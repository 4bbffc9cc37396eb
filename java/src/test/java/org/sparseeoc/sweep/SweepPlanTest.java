package org.sparseeoc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.experiment.SpecLoader;

class SweepPlanTest {
    @TempDir
    Path dir;

    private SweepPlan plan(String grids, String points) {
        return SweepPlan.of(SweepLoader.load(SweepFiles.write(dir, SweepFiles.sweep(dir, "s", grids, points))));
    }

    private SweepException failure(String sweepJson) {
        Path file = SweepFiles.write(dir, sweepJson);
        return assertThrows(SweepException.class, () -> SweepPlan.of(SweepLoader.load(file)));
    }

    @Test
    void gridsExpandWithTheLastAxisFastestThenConcatenateThenPointsFollow() {
        SweepPlan plan = plan("""
                [{"activation.sparsity": [0.7, 0.85], "seed": [1, 2, 3]}, {"optimizer.lr": [0.1]}]""", """
                [{"seed": 9, "activation.clip": 0.8}]""");
        List<String> expected = List.of(
                "0000-sparsity0.7_seed1",
                "0001-sparsity0.7_seed2",
                "0002-sparsity0.7_seed3",
                "0003-sparsity0.85_seed1",
                "0004-sparsity0.85_seed2",
                "0005-sparsity0.85_seed3",
                "0006-lr0.1",
                "0007-seed9_clip0.8");
        assertEquals(expected.size(), plan.size());
        for (int i = 0; i < plan.size(); i++) {
            PlannedRun run = plan.run(i);
            assertEquals(i, run.index());
            assertEquals(dir.resolve("out").resolve(expected.get(i)), run.dir(), "run " + i);
            assertEquals("s-" + expected.get(i), run.spec().name(), "run " + i);
        }
        assertEquals(0.85, plan.run(4).spec().activation().sparsity());
        assertEquals(2, plan.run(4).spec().seed());
        assertEquals(0.1, plan.run(6).spec().optimizer().lr());
        assertEquals(9, plan.run(7).spec().seed());
        assertEquals(0.8, plan.run(7).spec().activation().clip());
    }

    @Test
    void eachRunIsTheBaseWithItsOverridesAsSetWouldGiveIt() throws IOException {
        SweepPlan plan = plan("""
                [{"activation.kind": ["relu-tau", "st"], "activation.clip": [null], "activation.sparsity": [0.9]},
                 {"activation": [{"kind": "relu", "sparsity": 0.5}]}]""", "[]");
        assertEquals(3, plan.size());
        String base = Files.readString(dir.resolve("base.json"));
        for (PlannedRun run : plan.runs()) {
            List<String> sets =
                    new ArrayList<>(run.sets().stream().map(Assignment::setText).toList());
            sets.add("name=" + run.spec().name());
            sets.add("output=" + run.dir());
            ExperimentSpec expected = SpecLoader.parse(base, "base.json", sets);
            assertEquals(expected, run.spec(), "run " + run.index());
        }
        assertEquals(ActivationKind.ST, plan.run(1).spec().activation().kind());
        assertEquals(null, plan.run(1).spec().activation().clip());
        assertEquals(ActivationKind.RELU, plan.run(2).spec().activation().kind());
        assertEquals(
                "0000-relu-tau_noclip_sparsity0.9",
                plan.run(0).dir().getFileName().toString());
        assertEquals("0002-relu_sparsity0.5", plan.run(2).dir().getFileName().toString());
    }

    @Test
    void anInvalidCombinationNamesThePointAndTheField() {
        SweepException e = failure(SweepFiles.sweep(dir, "s", """
                [{"activation.kind": ["cst", "relu-tau"], "seed": [1, 2]}]""", "[]"));
        assertTrue(e.getMessage().contains("point 2 (activation.kind=relu-tau, seed=1)"), e.getMessage());
        assertTrue(e.getMessage().contains("activation.clip"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void sweepStructureErrorsNameTheField() {
        String sweep = SweepFiles.sweep(dir, "s", "[{\"seed\": [1]}]", "[]");
        List<List<String>> cases = List.of(
                List.of(sweep.replace("\"grids\"", "\"gridz\""), "gridz: unknown field"),
                List.of(SweepFiles.sweep(dir, "s", "[{\"name\": [\"x\"]}]", "[]"), "grids[0].name: the sweep sets"),
                List.of(SweepFiles.sweep(dir, "s", "[{\"output\": [\"x\"]}]", "[]"), "grids[0].output"),
                List.of(
                        SweepFiles.sweep(dir, "s", "[{\"seed\": []}]", "[]"),
                        "grids[0].seed: expected a non-empty array"),
                List.of(
                        SweepFiles.sweep(dir, "s", "[{\"seed\": 3}]", "[]"),
                        "grids[0].seed: expected a non-empty array"),
                List.of(SweepFiles.sweep(dir, "s", "[{}]", "[]"), "grids[0]: empty grid"),
                List.of(
                        SweepFiles.sweep(dir, "s", "[{\"activation\": [{}], \"activation.kind\": [\"st\"]}]", "[]"),
                        "activation and activation.kind overlap"),
                List.of(SweepFiles.sweep(dir, "s", "[]", "[{\"seed\": 2}, {\"seed\": 2}]"), "point 1: repeats point 0"),
                List.of(SweepFiles.sweep(dir, "s", "[]", "[]"), "no runs"),
                List.of(
                        SweepFiles.sweep(dir, "s/x", "[{\"seed\": [1]}]", "[]"),
                        "name: 's/x' is not a valid sweep name"),
                List.of(sweep.replace("\"base.json\"", "\"nothere.json\""), "nothere.json: no such file"),
                List.of(sweep.replace("\"base.json\"", "3"), "base: expected a file name"),
                List.of(sweep.replace("\"grids\"", "\"seed\": 1, \"grids\""), "seed: unknown field"),
                List.of("{\"name\": \"a\", \"name\": \"b\"}", "malformed JSON: Duplicate field"),
                List.of(SweepFiles.sweep(dir, "s", "[{\"optimizer.lr\": [\"0.1\"]}]", "[]"), "point 0"));
        for (List<String> c : cases) {
            SweepException e = failure(c.get(0));
            assertTrue(e.getMessage().contains(c.get(1)), "expected '" + c.get(1) + "' in: " + e.getMessage());
            assertTrue(e.getMessage().startsWith(dir.resolve("sweep.json").toString()), e.getMessage());
        }
    }

    @Test
    void anInlineBaseWorksLikeAFileAndDataIsNotOpenedAtPlanTime() {
        String inline = SweepFiles.TINY_BASE.replace("bundled:mnist-10k", "idx:" + dir.resolve("no-such-data"));
        Path file = SweepFiles.write(dir, """
                {"name": "inline", "base": %s, "grids": [{"seed": [1, 2]}]}
                """.formatted(inline));
        SweepPlan plan = SweepPlan.of(SweepLoader.load(file));
        assertEquals(2, plan.size());
        assertEquals(Path.of("results/sweeps/inline/0001-seed2"), plan.run(1).dir());
        assertEquals(
                16, ((org.sparseeoc.experiment.ModelSpec.Mlp) plan.run(1).spec().model()).width());
    }

    @Test
    void planFileListsEveryRunAndTheTableShowsTheirState() throws IOException {
        SweepPlan plan = plan("[{\"seed\": [1, 2]}]", "[{\"activation.sparsity\": 0.9}]");
        Path written = plan.write();
        assertEquals(dir.resolve("out").resolve(SweepPlan.FILE), written);
        JsonNode json = SweepLoader.JSON.readTree(written.toFile());
        assertEquals(3, json.path("runs").asInt());
        for (int i = 0; i < 3; i++) {
            JsonNode entry = json.path("plan").path(i);
            assertEquals(i, entry.path("index").asInt());
            assertEquals(plan.run(i).dir().toString(), entry.path("dir").asText());
            assertEquals(plan.run(i).spec().name(), entry.path("name").asText());
        }
        assertEquals(
                0.9,
                json.path("plan")
                        .path(2)
                        .path("overrides")
                        .path("activation.sparsity")
                        .asDouble());
        String table = plan.table();
        assertTrue(table.contains("0002-sparsity0.9"), table);
        assertEquals(3, table.lines().filter(line -> line.contains(" new ")).count(), table);
    }

    @Test
    void labelsAreValidNamesAndCut() {
        var node = SweepLoader.JSON.getNodeFactory();
        assertEquals(
                "bundled-mnist-10k_nesterovtrue",
                RunLabel.of(List.of(
                        new Assignment("data.source", node.textNode("bundled:mnist-10k")),
                        new Assignment("optimizer.nesterov", node.booleanNode(true)))));
        assertEquals(RunLabel.BASE, RunLabel.of(List.of()));
        String cut = RunLabel.of(List.of(new Assignment("data.source", node.textNode("x".repeat(100)))));
        assertEquals(RunLabel.MAX_CHARS, cut.length());
    }
}
