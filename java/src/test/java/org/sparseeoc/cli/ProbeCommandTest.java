package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.report.CsvFile;

class ProbeCommandTest {
    @TempDir
    Path dir;

    private Path specFile() throws Exception {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, """
                {
                  "name": "probe-cli",
                  "output": "%s",
                  "data": {"source": "bundled:mnist-10k", "trainLimit": 64, "testLimit": 16},
                  "model": {"type": "mlp", "depth": 20, "width": 300},
                  "activation": {"kind": "crelu", "sparsity": 0.85, "clip": 1.0},
                  "optimizer": {"type": "sgd", "lr": 0.01},
                  "epochs": 1,
                  "batchSize": 16
                }
                """.formatted(dir.resolve("run").toString().replace("\\", "\\\\")));
        return file;
    }

    @Test
    void writesTablesAndPlotsAndPrintsAVerdictPerInputKind() throws Exception {
        Path out = dir.resolve("probe-out");
        CliRun run = CliRun.of(
                "probe",
                "--spec",
                specFile().toString(),
                "--width",
                "64",
                "--depth",
                "6",
                "--samples",
                "32",
                "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String name : List.of(
                "probe-data.csv",
                "probe-gaussian.csv",
                "variance.png",
                "variance.svg",
                "zeros.png",
                "zeros.svg",
                "correlation.png",
                "correlation.svg")) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        CsvFile gaussian = CsvFile.read(out.resolve("probe-gaussian.csv"));
        assertEquals(6, gaussian.rowCount(), "--depth overrides the spec's 20");
        assertEquals(gaussian.number(0, "q_measured"), gaussian.number(0, "q_theory"));
        List<String> verdicts = run.out()
                .lines()
                .filter(l -> l.contains("max |q/q_theory - 1|"))
                .toList();
        assertEquals(2, verdicts.size(), run.out());
        assertTrue(verdicts.get(0).startsWith("data: ") && verdicts.get(1).startsWith("gaussian: "), run.out());
    }

    @Test
    void defaultsToTheSpecsOutputFolder() throws Exception {
        CliRun run =
                CliRun.of("probe", "--spec", specFile().toString(), "--width", "16", "--depth", "2", "--samples", "4");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(dir.resolve("run").resolve("probe").resolve("probe-data.csv")));
    }

    @Test
    void badOptionsExitTwoWithOneLine() throws Exception {
        String spec = specFile().toString();
        for (List<String> args : List.of(
                List.of("probe", "--spec", spec, "--samples", "1"),
                List.of("probe", "--spec", spec, "--width", "0"),
                List.of("probe", "--spec", spec, "--input-correlation", "2"),
                List.of("probe", "--spec", spec, "--samples", "many"),
                List.of("probe", "--spec", dir.resolve("missing.json").toString()),
                List.of("probe"))) {
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), args + ": " + run.err());
            assertEquals(1, run.err().lines().count(), args + ": " + run.err());
            assertTrue(run.err().startsWith("sparse-eoc: "), run.err());
        }
        assertTrue(Files.notExists(dir.resolve("run")), "nothing is written for bad options");
    }
}
