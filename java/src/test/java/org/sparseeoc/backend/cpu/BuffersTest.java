package org.sparseeoc.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sparseeoc.backend.cpu.HostArrays.get;
import static org.sparseeoc.backend.cpu.HostArrays.put;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sparseeoc.backend.BackendInfo;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.IntBuffer;

/** Allocation, upload/download, slices, ownership and closing; the backend's info. */
class BuffersTest {
    private static CpuOps ops;

    @BeforeAll
    static void open() {
        ops = new CpuOps();
    }

    @AfterAll
    static void close() {
        ops.close();
    }

    @Test
    void allocateIsZeroFilled() {
        try (FloatBuffer x = ops.allocate(10_000);
                IntBuffer y = ops.allocateInts(100)) {
            assertEquals(10_000, x.length());
            assertEquals(100, y.length());
            float[] out = get(ops, x);
            for (float v : out) {
                assertEquals(0, Float.floatToRawIntBits(v));
            }
        }
    }

    @Test
    void uploadDownloadRoundTripWithOffsets() {
        float[] data = HostArrays.gaussian(new Random(1), 100, 1);
        data[3] = -0f;
        data[4] = Float.NaN;
        data[5] = Float.NEGATIVE_INFINITY;
        try (FloatBuffer x = ops.allocate(200)) {
            ops.upload(data, 10, x, 50, 90); // x[50..140) = data[10..100)
            float[] back = new float[95];
            ops.download(x, 45, back, 5, 90); // back[5..95) = x[45..135)
            for (int i = 0; i < 90; i++) {
                float expected = i < 5 ? 0f : data[10 + i - 5];
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(back[5 + i]), "element " + i);
            }
            ops.upload(data, 0, x, 0, 100);
            assertTrue(HostArrays.sameBits(data, get(ops, x, 100)), "bits changed in the round trip");
            assertThrows(IndexOutOfBoundsException.class, () -> ops.upload(data, 0, x, 150, 100));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.download(x, 0, new float[10], 5, 6));
        }
    }

    @Test
    void slicesShareTheBaseAndNest() {
        try (FloatBuffer base = put(ops, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})) {
            FloatBuffer middle = ops.slice(base, 2, 6); // base[2..8)
            FloatBuffer inner = ops.slice(middle, 1, 3); // base[3..6)
            assertEquals(6, middle.length());
            assertArrayEquals(new float[] {3, 4, 5}, get(ops, inner));
            ops.fill(inner, 3, -1f);
            ops.scale(middle, 6, 2f);
            assertArrayEquals(new float[] {0, 1, 4, -2, -2, -2, 12, 14, 8, 9}, get(ops, base));
            inner.close(); // a slice's close is a no-op
            assertEquals(4f, get(ops, middle)[0]);
            assertThrows(IndexOutOfBoundsException.class, () -> ops.slice(base, 8, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> ops.slice(middle, -1, 2));
        }
    }

    @Test
    void closedBuffersAndForeignBuffersAreRejected() {
        FloatBuffer x = ops.allocate(4);
        x.close();
        x.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> ops.fill(x, 4, 1f));
        try (CpuOps other = new CpuOps(new CpuConfig(1));
                FloatBuffer foreign = other.allocate(4)) {
            assertThrows(IllegalArgumentException.class, () -> ops.fill(foreign, 4, 1f));
        }
    }

    @Test
    void closeFreesWhatIsStillOpen() {
        CpuOps local = new CpuOps(new CpuConfig(1));
        FloatBuffer x = local.allocate(8);
        IntBuffer y = local.allocateInts(8);
        local.close();
        assertThrows(IllegalStateException.class, () -> local.fill(x, 8, 0f));
        assertThrows(IllegalStateException.class, () -> local.uploadInts(new int[8], y, 8));
        assertThrows(IllegalStateException.class, () -> local.allocate(1));
    }

    @Test
    void infoNamesOpenBlasAndThreads() {
        BackendInfo info = ops.info();
        assertEquals("cpu", info.name());
        assertTrue(info.gemm().contains("OpenBLAS"), info.gemm());
        assertEquals(ops.config().threads(), info.threads());
        assertTrue(
                info.details().get("openblas.library").contains("openblas"),
                info.details().toString());
    }

    @Test
    void threadsPropertyParses() {
        assertEquals(3, CpuConfig.parse(" 3 ").threads());
        assertEquals(
                Runtime.getRuntime().availableProcessors(),
                CpuConfig.parse(null).threads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CpuConfig.parse("two"));
        assertTrue(e.getMessage().contains("sparseeoc.cpu.threads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuConfig.parse("0"));
    }
}
