/**
 * The GPU backend's host side, shared by the real device and the emulator: how each kernel in
 * {@code cuda/*.cu} is launched ({@link org.sparseeoc.backend.cuda.LaunchShapes}, {@link
 * org.sparseeoc.backend.cuda.LaunchConfig}) and its typed arguments ({@link
 * org.sparseeoc.backend.cuda.KernelArgs}).
 */
package org.sparseeoc.backend.cuda;
