package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.Relu;
import org.sparseeoc.backend.cuda.CudaOps;
import org.sparseeoc.backend.cuda.emu.EmulatedDevice;
import org.sparseeoc.backend.cuda.emu.Emulator;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.Network;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A GPU running out of memory inside a command is bad input for the CLI: one line, exit 2. */
class DeviceErrorExitTest {
    /** Builds a network far larger than its 1 MiB emulated device. */
    @Command(name = "oom")
    static final class OutOfMemory implements Callable<Integer> {
        @Override
        public Integer call() {
            try (CudaOps ops = new CudaOps(new EmulatedDevice(1 << 20))) {
                Network.create(ops, new MlpShape(784, 1024, 3, 10), new Relu(), 64)
                        .close();
                return 0;
            }
        }
    }

    @Test
    void outOfDeviceMemoryExitsWithCode2AndOneLine() {
        assumeTrue(Emulator.isAvailable(), () -> "CUDA emulator not available: " + Emulator.unavailableReason());
        CommandLine cli = Main.commandLine().addSubcommand(new OutOfMemory());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(Main.EXIT_BAD_INPUT, cli.execute("oom"));
        String line = err.toString().strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("sparse-eoc: out of device memory: asked for "), line);
        assertTrue(line.endsWith("; use a smaller batchSize or model, or a GPU with more memory"), line);
    }
}
