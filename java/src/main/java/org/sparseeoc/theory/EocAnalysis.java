package org.sparseeoc.theory;

import java.util.Optional;

/**
 * Everything the theory says about one EoC request: the initialisation, the stability verdict, the
 * critical and recommended clip (clipped families only) and where a depth-L net's variance goes
 * from q⁰.
 *
 * @param init the solved initialisation
 * @param verdict the stability verdict for q*
 * @param clipAdvice m̃_c and m̃_rec for crelu/cst at this sparsity; empty for unclipped kinds
 * @param iteration V iterated from q⁰ for the requested depth
 */
public record EocAnalysis(
        EocInit init, StabilityVerdict verdict, Optional<ClipAdvice> clipAdvice, VarianceIteration iteration) {

    /** Default starting variance of the iteration, relative to q*: a 10% upward perturbation. */
    public static final double DEFAULT_START = 1.1;

    /** Default depth of the iteration. */
    public static final int DEFAULT_DEPTH = 50;

    /** Solves, judges and iterates; q0 is the absolute starting variance. */
    public static EocAnalysis of(EocRequest request, double q0, int depth) {
        EocInit init = EocSolver.solve(request);
        Optional<ClipAdvice> advice = request.kind().clipped()
                ? Optional.of(CriticalClip.advise(request.kind(), request.sparsity()))
                : Optional.empty();
        return new EocAnalysis(init, Stability.analyse(init), advice, VarianceIteration.run(init, q0, depth));
    }
}
