package org.sparseeoc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.backend.cpu.CpuConfig;
import org.sparseeoc.cli.Main;
import org.sparseeoc.experiment.ExperimentRunner;

/** Sweeps across processes: child JVMs for --local --parallel, and the index from the environment. */
class ChildJvmTest {
    @TempDir
    Path dir;

    private SweepPlan plan() {
        String missing = "idx:" + dir.resolve("no-such-mnist").toString().replace("\\", "/");
        Path file = SweepFiles.write(
                dir,
                SweepFiles.sweep(dir, "child", "[{\"seed\": [1, 2]}]", "[{\"data.source\": \"" + missing + "\"}]"));
        return SweepPlan.of(SweepLoader.load(file));
    }

    @Test
    void childrenRunTheRunsTwoAtATimeAndTheFailureIsRecorded() throws Exception {
        SweepPlan plan = plan();
        List<Integer> inProcess = new ArrayList<>();
        StringWriter out = new StringWriter();
        SweepReport report = LocalSweep.run(
                plan,
                2,
                Main.class.getName(),
                run -> {
                    inProcess.add(run.index());
                    return PointRunner.run(run, SweepFiles.SILENT);
                },
                new PrintWriter(out));
        assertEquals(List.of(), inProcess, "every run went to a child");
        assertEquals(
                List.of(PointOutcome.Result.COMPLETED, PointOutcome.Result.COMPLETED, PointOutcome.Result.FAILED),
                report.outcomes().stream().map(PointOutcome::result).toList(),
                out.toString());
        assertTrue(
                report.outcomes().get(2).detail().contains("no-such-mnist"),
                report.outcomes().get(2).detail());
        for (int i = 0; i < 2; i++) {
            assertEquals(RunState.COMPLETED, RunState.of(plan.run(i).dir()));
            String log = Files.readString(plan.run(i).dir().resolve(ChildJvm.LOG));
            assertTrue(log.contains("completed (trained)"), log);
            String provenance = Files.readString(plan.run(i).dir().resolve(ExperimentRunner.PROVENANCE));
            assertTrue(provenance.contains("\"threads\" : 1"), "one OpenBLAS thread per child: " + provenance);
        }
        assertEquals(3, out.toString().lines().count(), out.toString());
    }

    @Test
    void theChildCommandIsThisJvmWithOneBlasThreadAndTheIndex() {
        List<String> command = new ChildJvm("a.Main", dir.resolve("s.json"), 1).command(4);
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.getFirst());
        assertTrue(command.contains("-D" + CpuConfig.THREADS_PROPERTY + "=1"), command.toString());
        assertEquals(
                List.of("a.Main", "sweep", "run", dir.resolve("s.json").toString(), "--index", "4"),
                command.subList(command.size() - 6, command.size()));
        assertFalse(new ChildJvm("a.Main", dir.resolve("s.json"), 0)
                .command(0)
                .contains("-D" + CpuConfig.THREADS_PROPERTY + "=1"));
    }

    @Test
    void sweepRunWithoutIndexRunsThePointTheIndexedJobNames() throws Exception {
        SweepPlan plan = plan();
        // A process as a pod of an Indexed Job starts it. SLURM_ARRAY_TASK_ID takes the same path
        // (ArrayIndexTest; SlurmScriptTest for the script that passes it on).
        List<String> command =
                new ArrayList<>(new ChildJvm(Main.class.getName(), plan.sweep().file(), 1).command(1));
        command.subList(command.size() - 2, command.size()).clear(); // drop "--index 1"
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(ArrayIndex.SLURM);
        builder.environment().put(ArrayIndex.KUBERNETES, "1");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        assertTrue(out.contains(plan.run(1).dir().getFileName() + ": completed (trained)"), out);
        assertEquals(RunState.COMPLETED, RunState.of(plan.run(1).dir()));
        assertEquals(RunState.NEW, RunState.of(plan.run(0).dir()), "no other run was touched");
        assertEquals(RunState.NEW, RunState.of(plan.run(2).dir()), "no other run was touched");
    }
}
