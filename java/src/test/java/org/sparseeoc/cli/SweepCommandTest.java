package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    @TempDir
    Path dir;

    private Path sweep() throws IOException {
        Files.writeString(dir.resolve("base.json"), """
                {"name": "b", "data": {"source": "bundled:mnist-10k", "trainLimit": 256, "testLimit": 128},
                 "model": {"type": "mlp", "depth": 2, "width": 16},
                 "activation": {"kind": "crelu", "sparsity": 0.85, "clip": 1.0},
                 "optimizer": {"type": "sgd", "lr": 0.01}, "epochs": 1, "batchSize": 64}
                """);
        Path file = dir.resolve("sweep.json");
        Files.writeString(file, """
                {"name": "cli", "base": "base.json", "output": "%s",
                 "grids": [{"activation.clip": [0.8, 1.2]}]}
                """.formatted(dir.resolve("out").toString().replace("\\", "/")));
        return file;
    }

    @Test
    void planPrintsTheRunsAndWritesThePlan() throws IOException {
        CliRun run = CliRun.of("sweep", "plan", sweep().toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("sweep cli: 2 runs"), run.out());
        assertTrue(run.out().contains("0001-clip1.2"), run.out());
        assertTrue(run.out().contains("activation.clip=1.2"), run.out());
        assertTrue(Files.isRegularFile(dir.resolve("out/plan.json")));
    }

    @Test
    void runOneIndexThenAllLocallySkipsIt() throws IOException {
        Path file = sweep();
        CliRun one = CliRun.of("sweep", "run", file.toString(), "--index", "1", "--quiet");
        assertEquals(0, one.exitCode(), one.err());
        assertTrue(one.out().contains("0001-clip1.2: completed (trained)"), one.out());
        CliRun all = CliRun.of("sweep", "run", file.toString(), "--local", "--quiet");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().contains("0000-clip0.8: completed (trained)"), all.out());
        assertTrue(all.out().contains("0001-clip1.2: completed (skipped)"), all.out());
        assertTrue(all.out().contains("sweep cli: 2 runs: 2 completed, 0 diverged, 0 failed"), all.out());
    }

    @Test
    void schedulerFilesAreWrittenWhereTold() throws IOException {
        Path file = sweep();
        CliRun k8s = CliRun.of(
                "sweep",
                "k8s",
                file.toString(),
                "--image",
                "img:1",
                "--out",
                dir.resolve("job.yaml").toString());
        assertEquals(0, k8s.exitCode(), k8s.err());
        assertEquals(dir.resolve("job.yaml").toString(), k8s.out().strip());
        assertTrue(Files.readString(dir.resolve("job.yaml")).contains("completionMode: Indexed"));
        CliRun slurm = CliRun.of("sweep", "slurm", file.toString(), "--parallel", "1");
        assertEquals(0, slurm.exitCode(), slurm.err());
        Path script = dir.resolve("out/slurm-array.sh");
        assertEquals(script.toString(), slurm.out().strip());
        assertTrue(Files.readString(script).contains("#SBATCH --array=0-1%1"));
    }

    @Test
    void badInputExitsTwoWithOneLine() throws IOException {
        Path file = sweep();
        for (String[] args : new String[][] {
            {"sweep", "plan", dir.resolve("absent.json").toString()},
            {"sweep", "run", file.toString(), "--index", "2"},
            {"sweep", "run", file.toString(), "--parallel", "2"},
            {"sweep", "run", file.toString(), "--local", "--parallel", "0"},
            {"sweep", "k8s", file.toString()},
            {"sweep", "slurm", file.toString(), "--time", "soon"}
        }) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + "\n" + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().startsWith("sparse-eoc: "), run.err());
        }
    }
}
