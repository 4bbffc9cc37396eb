package org.sparseeoc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.backend.cuda.CudaOps;
import org.sparseeoc.backend.cuda.CudaSparseOps;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;

/**
 * The sparse benchmark's GPU path (CudaOps + CudaSparseOps, a barrier after a group of calls) on
 * the emulator at a tiny size: every product is validated against the dense one before it is
 * timed, so a wrong kernel or launch fails here. No speed is asserted.
 */
class SparseBenchmarkTest {
    @Test
    void gpuPathValidatesAndTimesEveryProductOnTheEmulator() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        AtomicInteger barriers = new AtomicInteger();
        try (CudaOps ops = new CudaOps(new EmulatedDevice())) {
            SparseBenchmark.Target target = new SparseBenchmark.Target(
                    ops,
                    new CudaSparseOps(ops),
                    () -> {
                        ops.device().synchronize();
                        barriers.incrementAndGet();
                    },
                    3);
            List<SparseBenchmark.Result> results =
                    SparseBenchmark.run(target, new int[] {37}, new int[] {5}, new double[] {0, 0.8}, 0, 1, 1);
            assertEquals(6, results.size());
            for (SparseBenchmark.Result r : results) {
                assertEquals(37, r.width());
                assertEquals(5, r.batch());
                assertTrue(r.dense().medianNanos() > 0 && r.sparse().medianNanos() > 0, r.toString());
                // One timed batch of one group of 3 calls (the batch is sized from a warm-up call).
                assertEquals(3, r.sparse().callsPerBatch(), r.toString());
            }
            assertEquals(0, results.get(0).measuredSparsity(), 1e-9);
            assertEquals(0.8, results.get(3).measuredSparsity(), 0.01);
            assertTrue(barriers.get() > 0);
        }
    }

    @Test
    void targetRejectsANonPositiveGroup() {
        try (CpuOps ops = new CpuOps()) {
            CpuSparseOps sparse = new CpuSparseOps(ops);
            assertThrows(IllegalArgumentException.class, () -> new SparseBenchmark.Target(ops, sparse, () -> {}, 0));
        }
    }
}
