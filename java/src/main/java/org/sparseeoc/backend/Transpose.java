package org.sparseeoc.backend;

/** Whether a GEMM operand is used as stored (row-major) or transposed. */
public enum Transpose {
    NO,
    YES
}
