package org.sparseeoc.experiment;

import org.sparseeoc.backend.Ops;
import org.sparseeoc.backend.cpu.CpuOps;

/** Opens the backend a spec asks for. */
final class Backends {
    private Backends() {}

    /**
     * The backend for {@code backend}: the CPU, or (not built yet) CUDA. {@code auto} takes the CPU
     * until the CUDA backend exists; {@code cuda} is refused with a one-line reason.
     */
    static Ops open(Backend backend) {
        return switch (backend) {
            case CPU, AUTO -> new CpuOps();
            case CUDA ->
                throw new SpecException(
                        "backend",
                        "the CUDA backend is not part of this build yet; use \"backend\": \"cpu\" (or auto)");
        };
    }
}
