package org.sparseeoc.backend.cuda;

/**
 * The geometry of one kernel launch, as cuLaunchKernel takes it: grid and block dimensions and the
 * bytes of dynamic shared memory. Validated against CUDA's limits for every GPU the PTX targets.
 */
public record LaunchConfig(int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ, int sharedBytes) {
    /** Threads per block, on every architecture since compute 2.0. */
    public static final int MAX_THREADS_PER_BLOCK = 1024;

    /** Grid y and z limit (x may go to 2³¹ − 1). */
    public static final int MAX_GRID_YZ = 65535;

    /** Dynamic shared memory without the per-kernel opt-in to more. */
    public static final int MAX_SHARED_BYTES = 48 * 1024;

    public LaunchConfig {
        if (gridX < 1 || gridY < 1 || gridZ < 1 || gridY > MAX_GRID_YZ || gridZ > MAX_GRID_YZ) {
            throw new IllegalArgumentException(
                    "grid (" + gridX + ", " + gridY + ", " + gridZ + ") must be >= 1 with y, z <= " + MAX_GRID_YZ);
        }
        if (blockX < 1
                || blockY < 1
                || blockZ < 1
                || blockZ > 64
                || (long) blockX * blockY * blockZ > MAX_THREADS_PER_BLOCK) {
            throw new IllegalArgumentException("block (" + blockX + ", " + blockY + ", " + blockZ
                    + ") must be >= 1 with z <= 64 and at most " + MAX_THREADS_PER_BLOCK + " threads");
        }
        if (sharedBytes < 0 || sharedBytes > MAX_SHARED_BYTES) {
            throw new IllegalArgumentException(
                    "dynamic shared memory " + sharedBytes + " bytes is outside [0, " + MAX_SHARED_BYTES + "]");
        }
    }

    /** A 1-D launch: grid × block threads. */
    public static LaunchConfig linear(int grid, int block, int sharedBytes) {
        return new LaunchConfig(grid, 1, 1, block, 1, 1, sharedBytes);
    }

    /** blockX·blockY·blockZ. */
    public int threadsPerBlock() {
        return blockX * blockY * blockZ;
    }
}
