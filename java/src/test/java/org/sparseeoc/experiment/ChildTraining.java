package org.sparseeoc.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `sparse-eoc train --spec FILE --quiet` in a child JVM on this JVM's class path. */
final class ChildTraining {
    private ChildTraining() {}

    /**
     * Starts the child, stdout and stderr both to {@code log}. {@code vectorModule}: whether it
     * loads jdk.incubator.vector as this JVM does (pom.xml's argLine), so that it runs the same
     * sparse loops with the same rounding; without it, the plain-Java fallback.
     */
    static Process start(Path specFile, boolean vectorModule, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        if (vectorModule) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                "org.sparseeoc.cli.Main",
                "train",
                "--spec",
                specFile.toString(),
                "--quiet"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
