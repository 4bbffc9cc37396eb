package org.sparseeoc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArrayIndexTest {
    @TempDir
    Path dir;

    @Test
    void theOptionWinsThenKubernetesThenSlurm() {
        Map<String, String> both = Map.of(ArrayIndex.KUBERNETES, "2", ArrayIndex.SLURM, "3");
        assertEquals(new ArrayIndex(1, "--index"), ArrayIndex.resolve(1, both, 5));
        assertEquals(new ArrayIndex(2, ArrayIndex.KUBERNETES), ArrayIndex.resolve(null, both, 5));
        assertEquals(new ArrayIndex(3, ArrayIndex.SLURM), ArrayIndex.resolve(null, Map.of(ArrayIndex.SLURM, "3"), 5));
    }

    @Test
    void badOrMissingIndicesAreErrorsNamingTheirSource() {
        assertMessage(() -> ArrayIndex.resolve(null, Map.of(), 5), "--index: missing");
        assertMessage(
                () -> ArrayIndex.resolve(5, Map.of(), 5),
                "--index: run 5 does not exist: the sweep has 5 runs, 0 to 4");
        assertMessage(() -> ArrayIndex.resolve(-1, Map.of(), 5), "--index: run -1 does not exist");
        assertMessage(
                () -> ArrayIndex.resolve(null, Map.of(ArrayIndex.SLURM, "7"), 5),
                ArrayIndex.SLURM + ": run 7 does not exist");
        assertMessage(
                () -> ArrayIndex.resolve(null, Map.of(ArrayIndex.KUBERNETES, "x"), 5),
                ArrayIndex.KUBERNETES + ": expected a run index (an integer), got 'x'");
    }

    @Test
    void everyIndexFromEverySourceNamesExactlyThatPlanPoint() {
        Path file = SweepFiles.write(
                dir,
                SweepFiles.sweep(
                        dir, "idx", "[{\"activation.sparsity\": [0.7, 0.85], \"seed\": [1, 2]}]", "[{\"seed\": 5}]"));
        SweepPlan plan = SweepPlan.of(SweepLoader.load(file));
        SweepPlan again = SweepPlan.of(SweepLoader.load(file)); // another process reading the same file
        for (int i = 0; i < plan.size(); i++) {
            String text = Integer.toString(i);
            for (ArrayIndex index : new ArrayIndex[] {
                ArrayIndex.resolve(i, Map.of(), plan.size()),
                ArrayIndex.resolve(null, Map.of(ArrayIndex.KUBERNETES, text), plan.size()),
                ArrayIndex.resolve(null, Map.of(ArrayIndex.SLURM, text), plan.size())
            }) {
                PlannedRun run = again.run(index.value());
                assertEquals(plan.runs().get(i).sets(), run.sets(), index.from() + "=" + i);
                assertEquals(plan.runs().get(i).dir(), run.dir(), index.from() + "=" + i);
                assertEquals(plan.runs().get(i).spec(), run.spec(), index.from() + "=" + i);
            }
        }
        assertEquals(5, plan.run(4).spec().seed());
        assertEquals(0.85, plan.run(3).spec().activation().sparsity());
        assertEquals(2, plan.run(3).spec().seed());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        SweepException e = assertThrows(SweepException.class, call);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
