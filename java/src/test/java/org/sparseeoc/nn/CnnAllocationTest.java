package org.sparseeoc.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.LossAccumulator;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;

/**
 * A Cnn training step (forward, loss, backward) allocates nothing on the Java heap once warm: every
 * buffer and view is made in the constructor. Measured with the JVM's per-thread allocation counter.
 */
class CnnAllocationTest {
    @Test
    void aWarmTrainingStepAllocatesNothing() {
        CnnShape shape = new CnnShape(3, 7, 7, 4, 3, 3, 1, List.of(1), 5);
        int rows = 4;
        EocInit eoc = EocSolver.solve(EocRequest.of(ActivationKind.ST, 0.5, new Clip.None()));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        try (CpuOps ops = new CpuOps();
                Cnn cnn = new Cnn(ops, shape, eoc.activation(), rows)) {
            cnn.setParameters(Initializer.draw(shape, InitScheme.EOC, WeightDistribution.GAUSSIAN, eoc, 1));
            cnn.setBatch(CnnGradientTest.images(shape, rows, 2), CnnGradientTest.labels(shape, rows, 3), rows);
            LossAccumulator loss = new LossAccumulator();
            for (int i = 0; i < 2000; i++) { // warm up: interpreted code allocates where compiled code does not
                step(cnn, rows, loss);
            }
            // A step that allocates does so every time, so one clean round of 100 proves there is
            // none; later rounds only give a JIT compilation delayed on a busy machine more time.
            long allocated = -1;
            for (int round = 0; round < 10 && allocated != 0; round++) {
                long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < 100; i++) {
                    step(cnn, rows, loss);
                }
                allocated = threads.getThreadAllocatedBytes(thread) - before;
            }
            assertEquals(0, allocated, "bytes allocated by 100 warm steps");
        }
    }

    private static void step(Cnn cnn, int rows, LossAccumulator loss) {
        cnn.forward(rows);
        cnn.loss(rows, loss);
        cnn.backward(rows);
    }
}
