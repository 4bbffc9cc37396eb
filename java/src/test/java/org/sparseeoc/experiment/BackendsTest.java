package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.SparseOps;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.backend.cpu.CpuSparseOps;
import org.sparseeoc.backend.cuda.CudaSparseOps;
import org.sparseeoc.backend.cuda.GemmLibrary;
import org.sparseeoc.backend.cuda.SparseLibrary;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;
import org.sparseeoc.testing.NvidiaDriver;

/**
 * Which backend each spec value opens on a machine without an NVIDIA driver (CI), why {@code auto}
 * fell back, and the {@code gpu.gemm} checks on the emulated device.
 */
class BackendsTest {
    static final String NO_DRIVER = "no NVIDIA driver: libcuda.so.1 cannot be loaded (it is installed with"
            + " the NVIDIA driver; without a GPU use \"backend\": \"cpu\")";

    @TempDir
    Path dir;

    @Test
    void cpuIsTheCpuWithNoFallback() {
        List<String> notices = new ArrayList<>();
        try (Backends.Opened opened = Backends.open(Backend.CPU, GpuSpec.DEFAULTS, notices::add)) {
            assertEquals("cpu", opened.ops().info().name());
            assertEquals(Optional.empty(), opened.fallback());
        }
        assertEquals(List.of(), notices);
    }

    @Test
    void autoWithoutADriverIsTheCpuAndSaysWhyOnce() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        List<String> notices = new ArrayList<>();
        try (Backends.Opened opened = Backends.open(Backend.AUTO, GpuSpec.DEFAULTS, notices::add)) {
            assertEquals("cpu", opened.ops().info().name());
            assertEquals(Optional.of(NO_DRIVER), opened.fallback());
        }
        assertEquals(
                List.of("backend \"auto\": computing on the CPU, since the GPU is not usable: " + NO_DRIVER), notices);
    }

    @Test
    void cudaWithoutADriverIsASpecErrorInOneLine() {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        SpecException e =
                assertThrows(SpecException.class, () -> Backends.open(Backend.CUDA, GpuSpec.DEFAULTS, notice -> {}));
        assertEquals("backend", e.path());
        assertEquals("\"cuda\" is not usable here: " + NO_DRIVER, e.reason());
    }

    /** The reason auto fell back is in provenance.json as backend.fallback. */
    @Test
    void autoRunRecordsTheFallbackInProvenance() throws Exception {
        assumeTrue(NvidiaDriver.absent(), "this machine has an NVIDIA driver");
        ExperimentSpec spec = SpecLoader.parse(
                Specs.MINIMAL,
                Specs.SOURCE,
                List.of(
                        "backend=auto",
                        "epochs=1",
                        "data.trainLimit=64",
                        "data.testLimit=32",
                        "output=" + dir.resolve("auto")));
        RunOutcome outcome = ExperimentRunner.train(spec, TrainingRunTest.SILENT);
        JsonNode provenance = new ObjectMapper()
                .readTree(outcome.dir().resolve(ExperimentRunner.PROVENANCE).toFile());
        assertEquals("cpu", provenance.at("/backend/name").asText());
        assertEquals(NO_DRIVER, provenance.at("/backend/fallback").asText());
        assertEquals("auto", provenance.at("/spec/backend").asText());
        assertEquals("auto", provenance.at("/spec/gpu/gemm").asText());
    }

    @Test
    void aCpuRunRecordsNoFallback() throws Exception {
        ExperimentSpec spec = SpecLoader.parse(
                Specs.MINIMAL,
                Specs.SOURCE,
                List.of("epochs=1", "data.trainLimit=64", "data.testLimit=32", "output=" + dir.resolve("cpu")));
        RunOutcome outcome = ExperimentRunner.train(spec, TrainingRunTest.SILENT);
        JsonNode provenance = new ObjectMapper()
                .readTree(outcome.dir().resolve(ExperimentRunner.PROVENANCE).toFile());
        assertTrue(provenance.at("/backend/fallback").isMissingNode(), provenance.toString());
    }

    @Test
    void builtinAndAutoGemmRunOnADeviceWithoutCublas() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        for (GemmLibrary gemm : List.of(GemmLibrary.AUTO, GemmLibrary.BUILTIN)) {
            try (Ops ops = Backends.onDevice(new EmulatedDevice(), new GpuSpec(gemm, false, SparseLibrary.BUILTIN))) {
                assertEquals("built-in sgemm (emulated)", ops.info().gemm(), gemm.cliName());
            }
        }
    }

    /** "cublas" on a device without cuBLAS is a spec error at gpu.gemm that says what to do. */
    @Test
    void requiredCublasOnADeviceWithoutItIsASpecError() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        EmulatedDevice device = new EmulatedDevice();
        SpecException e = assertThrows(
                SpecException.class,
                () -> Backends.onDevice(device, new GpuSpec(GemmLibrary.CUBLAS, false, SparseLibrary.BUILTIN))
                        .close());
        assertEquals("gpu.gemm", e.path());
        assertTrue(e.reason().startsWith("\"cublas\" is not usable here ("), e.reason());
        assertTrue(e.reason().endsWith("or set gpu.gemm to \"auto\" or \"builtin\""), e.reason());
        // The device was closed with the failure: nothing leaks.
        assertThrows(IllegalStateException.class, () -> device.allocate(4));
    }

    @Test
    void theCpuGetsItsOwnSparseProducts() {
        List<String> notices = new ArrayList<>();
        try (CpuOps ops = new CpuOps();
                SparseOps sparse = Backends.sparseOps(ops, GpuSpec.DEFAULTS, notices::add)) {
            assertInstanceOf(CpuSparseOps.class, sparse);
            assertEquals("cpu", Backends.sparseLibraryName(sparse));
            // The test JVM loads jdk.incubator.vector (pom.xml), as ./sparse-eoc does.
            assertTrue(Backends.sparseKernelsName(sparse).startsWith("simd ("), Backends.sparseKernelsName(sparse));
        }
        assertEquals("none", Backends.sparseLibraryName(null));
        assertEquals("none", Backends.sparseKernelsName(null));
        assertEquals(List.of(), notices, "the fast loops are there: nothing to say");
    }

    @Test
    void cudaGetsTheBuiltinSparseKernelsByDefault() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        try (Ops ops = Backends.onDevice(new EmulatedDevice(), GpuSpec.DEFAULTS);
                SparseOps sparse = Backends.sparseOps(ops, GpuSpec.DEFAULTS, notice -> {})) {
            assertInstanceOf(CudaSparseOps.class, sparse);
            assertEquals("builtin", Backends.sparseLibraryName(sparse));
        }
    }

    /** cuSPARSE needs a real GPU and libcusparse.so.12: here a spec error at gpu.sparseLibrary. */
    @Test
    void cusparseWhereItCannotOpenIsASpecErrorThatNamesTheFallback() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        GpuSpec gpu = new GpuSpec(GemmLibrary.AUTO, false, SparseLibrary.CUSPARSE);
        try (Ops ops = Backends.onDevice(new EmulatedDevice(), gpu)) {
            SpecException e = assertThrows(SpecException.class, () -> Backends.sparseOps(ops, gpu, notice -> {}));
            assertEquals("gpu.sparseLibrary", e.path());
            assertTrue(e.reason().startsWith("\"cusparse\" is not usable here: "), e.reason());
            assertTrue(e.reason().endsWith("or set gpu.sparseLibrary to \"builtin\""), e.reason());
        }
    }
}
