package org.sparseeoc.sweep;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sparseeoc.backend.cpu.CpuConfig;

/**
 * Runs one sweep run as {@code sweep run FILE --index i} in a child JVM: the same java, classpath
 * and JVM options as this process (debug agents excepted), output appended to {@code
 * <run>/sweep-run.log}. A process per run, rather than a thread, because a run owns process-wide
 * state: the OpenBLAS thread count, a CUDA context, native memory; and because a crash or an
 * out-of-memory error then ends that run only.
 *
 * @param mainClass the command line's main class
 * @param sweepFile the sweep file
 * @param cpuThreads OpenBLAS threads per child, or 0 to leave the setting to the inherited options
 */
record ChildJvm(String mainClass, Path sweepFile, int cpuThreads) {
    static final String LOG = "sweep-run.log";

    /** The command line of the child that runs {@code index}. */
    List<String> command(int index) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String threads = "-D" + CpuConfig.THREADS_PROPERTY + "=";
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            boolean agent = option.startsWith("-agentlib")
                    || option.startsWith("-agentpath")
                    || option.startsWith("-javaagent");
            if (!agent && !(cpuThreads > 0 && option.startsWith(threads))) {
                command.add(option);
            }
        }
        if (cpuThreads > 0) {
            command.add(threads + cpuThreads);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(
                List.of("sweep", "run", sweepFile.toAbsolutePath().toString(), "--index", Integer.toString(index)));
        return command;
    }

    /**
     * Runs {@code run} in a child and returns the outcome it recorded; a child that ended without
     * recording one (killed, crashed) is recorded here as failed.
     */
    PointOutcome run(PlannedRun run) throws IOException, InterruptedException {
        Path dir = run.dir();
        Files.createDirectories(dir);
        SweepStatus.clear(dir);
        Path log = dir.resolve(LOG);
        Process child = new ProcessBuilder(command(run.index()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        int code = child.waitFor();
        var recorded = SweepStatus.read(dir);
        if (recorded.isPresent() && recorded.get().index() == run.index()) {
            return recorded.get();
        }
        RunState state = RunState.of(dir);
        if (state.finished()) { // finished by someone else meanwhile: the child skipped it
            PointOutcome.Result result =
                    state == RunState.COMPLETED ? PointOutcome.Result.COMPLETED : PointOutcome.Result.DIVERGED;
            return new PointOutcome(run.index(), dir, PointOutcome.Action.SKIPPED, result, "finished elsewhere");
        }
        PointOutcome.Action action = state == RunState.NEW ? PointOutcome.Action.TRAINED : PointOutcome.Action.RESUMED;
        PointOutcome failed = new PointOutcome(
                run.index(),
                dir,
                action,
                PointOutcome.Result.FAILED,
                "the child JVM exited with code " + code + " without recording an outcome; see " + log);
        SweepStatus.write(failed, run.label());
        return failed;
    }
}
