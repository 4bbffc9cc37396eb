package org.sparseeoc.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell scripts, outside Docker: every one parses ({@code bash -n}) and is executable, and the
 * Docker build's script, scripts/build-dist.sh, finds its JDK and tools and plans the same Maven
 * package and jlink steps here as in the image. It runs with {@code --dry-run}: the real package
 * step would double the suite's time, and it runs for real in scripts/device-bundle.sh and in the
 * image build (docker/smoke-test.sh). Tests run from the project root.
 */
class BuildScriptsTest {
    record Result(int exitCode, String output) {}

    static Result bash(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Stream.concat(Stream.of("bash"), Stream.of(args)).toList())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bash " + String.join(" ", args) + " did not finish");
        return new Result(process.exitValue(), output);
    }

    static List<Path> scripts() throws IOException {
        try (Stream<Path> scripts = Stream.concat(Files.list(Path.of("scripts")), Files.list(Path.of("docker")))) {
            return scripts.filter(p -> p.toString().endsWith(".sh")).sorted().toList();
        }
    }

    @Test
    void everyScriptParsesAndIsExecutable() throws Exception {
        List<Path> scripts = scripts();
        assertTrue(scripts.contains(Path.of("docker/smoke-test.sh")), scripts.toString());
        for (Path script : scripts) {
            Result syntax = bash("-n", script.toString());
            assertEquals(0, syntax.exitCode(), script + ": " + syntax.output());
            assertTrue(Files.isExecutable(script), script + " is not executable");
        }
    }

    @Test
    void buildDistPlansThePackageAndTheRuntime(@TempDir Path dest) throws Exception {
        Result plan = bash("scripts/build-dist.sh", "--dry-run", dest.toString());
        assertEquals(0, plan.exitCode(), plan.output());
        List<String> commands =
                plan.output().lines().filter(l -> l.startsWith("+ ")).toList();
        assertEquals("+ mvn -B -q -Dstyle.color=never -DskipTests package", commands.get(0), plan.output());
        assertTrue(commands.contains("+ cp target/sparse-eoc-all.jar " + dest + "/"), plan.output());
        assertTrue(commands.getLast().contains("/bin/jlink --add-modules "), plan.output());
        assertTrue(commands.getLast().endsWith("--output " + dest + "/jre"), plan.output());
        try (Stream<Path> written = Files.list(dest)) {
            assertEquals(0, written.count(), "a dry run writes nothing");
        }
    }

    @Test
    void buildDistWithoutADestinationIsAUsageError() throws Exception {
        Result usage = bash("scripts/build-dist.sh", "--dry-run");
        assertEquals(2, usage.exitCode(), usage.output());
        assertEquals(
                "build-dist: missing DEST; usage: scripts/build-dist.sh [--dry-run] [--without-desktop] DEST",
                usage.output().strip());
    }
}
