package org.sparseeoc.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sparseeoc.backend.cpu.CpuConfig;

/**
 * Runs every run of a plan on this machine, each as {@link PointRunner} would: finished runs are
 * skipped, interrupted ones resumed, failures recorded while the others go on. With {@code parallel
 * == 1} the runs go one after the other in this process; with more, {@code parallel} child JVMs
 * ({@link ChildJvm}) run at a time, each with one OpenBLAS thread unless {@code
 * -Dsparseeoc.cpu.threads} was given (two multi-threaded products per core spin-wait on each other).
 */
public final class LocalSweep {
    private LocalSweep() {}

    /** Runs one run in this process: {@link PointRunner#run} with a listener of the caller's. */
    @FunctionalInterface
    public interface InProcess {
        PointOutcome run(PlannedRun run) throws IOException;
    }

    /**
     * Runs the plan.
     *
     * @param plan the sweep's runs
     * @param parallel runs at a time, &ge; 1
     * @param mainClass the command line's main class, which child JVMs run
     * @param inProcess runs a run here (with {@code parallel == 1}, and to skip finished runs)
     * @param out one line per run as it ends
     */
    public static SweepReport run(SweepPlan plan, int parallel, String mainClass, InProcess inProcess, PrintWriter out)
            throws IOException, InterruptedException {
        if (parallel < 1) {
            throw new SweepException("", "--parallel", "must be at least 1, got " + parallel);
        }
        List<PointOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        List<PlannedRun> pending = new ArrayList<>();
        for (PlannedRun run : plan.runs()) {
            if (RunState.of(run.dir()).finished() || parallel == 1) {
                PointOutcome outcome = inProcess.run(run);
                report(outcome, out);
                outcomes.add(outcome);
            } else {
                pending.add(run);
            }
        }
        int childThreads = System.getProperty(CpuConfig.THREADS_PROPERTY) == null ? 1 : 0;
        ChildJvm child = new ChildJvm(mainClass, plan.sweep().file(), childThreads);
        try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Future<?>> futures = new ArrayList<>();
            for (PlannedRun run : pending) {
                futures.add(pool.submit(() -> {
                    PointOutcome outcome = child.run(run);
                    report(outcome, out);
                    outcomes.add(outcome);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IOException("could not run a child JVM: " + e.getCause().getMessage(), e.getCause());
        }
        return new SweepReport(plan.sweep().name(), outcomes);
    }

    private static void report(PointOutcome outcome, PrintWriter out) {
        synchronized (out) {
            out.println(outcome.line());
            out.flush();
        }
    }
}
