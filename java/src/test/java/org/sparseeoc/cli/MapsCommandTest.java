package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.report.CsvFile;
import org.sparseeoc.theory.InvalidRequestException;
import picocli.CommandLine;

class MapsCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine command() {
        CommandLine cmd = new CommandLine(new MapsCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd;
    }

    @Test
    void writesTheReportAndPrintsEveryFileWritten() throws Exception {
        Path target = dir.resolve("maps");
        Files.createDirectories(target);
        Files.writeString(target.resolve("variance-map.csv"), "stale\n".repeat(100_000));
        int code = command()
                .execute(
                        "--activation",
                        "cst",
                        "--sparsity",
                        "0.7",
                        "--clip",
                        "0.8",
                        "--qstar",
                        "1e6", // large: R(rho) must still evaluate (it is computed at q* = 1)
                        "--out",
                        target.toString());
        assertEquals(0, code, err.toString());
        List<String> printed = out.toString().lines().toList();
        assertEquals(28, printed.size(), out.toString());
        try (Stream<Path> files = Files.list(target)) {
            assertEquals(
                    printed.stream().sorted().toList(),
                    files.map(Path::toString).sorted().toList(),
                    "prints exactly the files in --out, and leaves no temporary file");
        }
        CsvFile init = CsvFile.read(target.resolve("eoc-init.csv"));
        int cst = init.rowWhere("activation", "cst");
        assertEquals("true", init.text(cst, "selected"));
        assertEquals(0.7, init.number(cst, "s"));
        assertEquals(0.8, init.number(cst, "m_rel"));
        assertEquals(1e6, init.number(cst, "qstar"));
        assertEquals("false", init.text(init.rowWhere("activation", "crelu"), "selected"));
        CsvFile map = CsvFile.read(target.resolve("variance-map.csv"));
        assertTrue(map.rowCount() > 100, "the stale file was replaced whole (its header would not parse)");
    }

    @Test
    void clipAndQStarDefaultToOne() throws Exception {
        Path target = dir.resolve("defaults");
        CliRun run = CliRun.of("maps", "--activation", "crelu", "--sparsity", "0.85", "--out", target.toString());
        assertEquals(0, run.exitCode(), run.err());
        CsvFile init = CsvFile.read(target.resolve("eoc-init.csv"));
        int crelu = init.rowWhere("activation", "crelu");
        assertEquals(1.0, init.number(crelu, "m_rel"));
        assertEquals(1.0, init.number(crelu, "qstar"));
    }

    @Test
    void invalidRequestExitsTwoThroughMain() {
        CliRun run = CliRun.of(
                "maps",
                "--activation",
                "crelu",
                "--sparsity",
                "0.3",
                "--out",
                dir.resolve("y").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("sparse-eoc: --sparsity: "), run.err());
        assertTrue(Files.notExists(dir.resolve("y")), "nothing is written for an invalid request");
    }

    @Test
    void invalidRequestsPropagateForTheMainClassToMap() {
        // What Main does: map InvalidRequestException (thrown out of call()) to exit code 2.
        List<Exception> seen = new ArrayList<>();
        CommandLine cmd = command();
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            seen.add(ex);
            return ex instanceof InvalidRequestException ? 2 : 1;
        });
        String out = dir.resolve("x").toString();
        assertEquals(2, cmd.execute("--activation", "crelu", "--sparsity", "0.3", "--out", out));
        assertEquals(2, cmd.execute("--activation", "crelu", "--sparsity", "0.8", "--clip=-1", "--out", out));
        assertEquals(2, cmd.execute("--activation", "relu", "--sparsity", "0.5", "--out", out));
        assertEquals(2, cmd.execute("--activation", "st", "--sparsity", "0.5", "--qstar", "0", "--out", out));
        assertEquals(
                List.of("sparsity", "clip", "activation", "qstar"),
                seen.stream().map(e -> ((InvalidRequestException) e).field()).toList());
        assertTrue(Files.notExists(dir.resolve("x")), "nothing is written for an invalid request");
    }

    @Test
    void usageErrorsAreReportedByPicocli() {
        int unknown = command().execute("--activation", "gelu", "--sparsity", "0.8", "--out", dir.toString());
        assertEquals(CommandLine.ExitCode.USAGE, unknown);
        assertTrue(err.toString().contains("relu-tau"), "the error lists the valid names: " + err);
        int missing = command().execute("--activation", "crelu", "--sparsity", "0.8");
        assertEquals(CommandLine.ExitCode.USAGE, missing);
        assertTrue(err.toString().contains("--out"), err.toString());
    }

    @Test
    void helpDescribesTheOptions() {
        assertEquals(0, command().execute("--help"));
        String help = out.toString();
        for (String option : List.of("--activation", "--sparsity", "--clip", "--qstar", "--out")) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
        assertTrue(help.contains("default: 1.0"), help);
    }
}
