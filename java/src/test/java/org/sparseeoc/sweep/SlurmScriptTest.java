package org.sparseeoc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmScriptTest {
    @TempDir
    Path dir;

    private SweepPlan plan() {
        Path file = SweepFiles.write(dir, SweepFiles.sweep(dir, "slurm-test", "[{\"seed\": [1, 2, 3, 4, 5]}]", "[]"));
        return SweepPlan.of(SweepLoader.load(file));
    }

    private static List<String> sbatchLines(String script) {
        return script.lines().filter(line -> line.startsWith("#SBATCH ")).toList();
    }

    @Test
    void theArrayCoversEveryRunWithTheRequestedLimits() {
        String script = SlurmScript.script(
                plan(),
                new SlurmScript.Options(2, 1, "02:30:00", 4, "gpu", "/opt/sparse-eoc", List.of("module load cuda")),
                dir);
        assertTrue(script.startsWith("#!/bin/bash\n"), script);
        assertEquals(
                List.of(
                        "#SBATCH --job-name=slurm-test",
                        "#SBATCH --array=0-4%2",
                        "#SBATCH --time=02:30:00",
                        "#SBATCH --output=" + dir.resolve("out") + "/slurm-%A_%a.out",
                        "#SBATCH --gres=gpu:1",
                        "#SBATCH --cpus-per-task=4",
                        "#SBATCH --partition=gpu"),
                sbatchLines(script));
        int lastSbatch = script.lastIndexOf("#SBATCH");
        int firstCommand = script.indexOf("set -euo pipefail");
        assertTrue(lastSbatch < firstCommand, "sbatch reads #SBATCH lines only before the first command");
        assertTrue(script.contains("\nmodule load cuda\n"), script);
        assertTrue(script.endsWith("exec /opt/sparse-eoc sweep run '" + dir.resolve("sweep.json") + "'\n"), script);
    }

    @Test
    void withoutLimitsTheArrayHasNoThrottleNoGpuAndNoPartition() {
        String script =
                SlurmScript.script(plan(), new SlurmScript.Options(0, 0, "60", 0, null, "sparse-eoc", List.of()), dir);
        List<String> lines = sbatchLines(script);
        assertTrue(lines.contains("#SBATCH --array=0-4"), lines.toString());
        assertFalse(script.contains("--gres"), script);
        assertFalse(script.contains("--partition"), script);
        assertFalse(script.contains("--cpus-per-task"), script);
    }

    @Test
    void bashAcceptsTheScriptAndATaskRunsTheSweepFromTheWorkingDirectory() throws Exception {
        // A fake launcher prints where it runs, its arguments and the task id the sweep reads.
        Path fake = dir.resolve("fake launcher");
        Files.writeString(fake, "#!/bin/bash\necho \"$PWD|$*|$SLURM_ARRAY_TASK_ID\"\n");
        assertTrue(fake.toFile().setExecutable(true));
        String script = SlurmScript.script(
                plan(),
                new SlurmScript.Options(0, 0, "10", 0, null, SlurmScript.quote(fake.toString()), List.of()),
                dir);
        Path file = dir.resolve("array.sh");
        Files.writeString(file, script);
        assertEquals("", bash(List.of("bash", "-n", file.toString()), null).strip());
        String out = bash(List.of("bash", file.toString()), "3").strip();
        assertEquals(dir + "|sweep run " + dir.resolve("sweep.json") + "|3", out);
    }

    @Test
    void badOptionsAreErrorsNamingTheOption() {
        assertTrue(assertThrows(
                        SweepException.class,
                        () -> new SlurmScript.Options(0, 0, "2 hours", 0, null, "sparse-eoc", List.of()))
                .getMessage()
                .startsWith("--time: "));
        assertTrue(assertThrows(
                        SweepException.class,
                        () -> new SlurmScript.Options(-1, 0, "10", 0, null, "sparse-eoc", List.of()))
                .getMessage()
                .startsWith("--parallel: "));
    }

    private static String bash(List<String> command, String taskId) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove(ArrayIndex.SLURM);
        if (taskId != null) {
            builder.environment().put(ArrayIndex.SLURM, taskId);
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        return out;
    }
}
