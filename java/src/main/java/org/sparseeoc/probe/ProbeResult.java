package org.sparseeoc.probe;

import java.util.List;

/**
 * One input kind's probe: every hidden layer measured against the theory, and the verdict.
 *
 * @param input which inputs were pushed through
 * @param layers one row per hidden layer, first layer first
 * @param sparsity the spec's target sparsity s
 * @param maxVariance the spec's divergence.maxVariance: a layer whose measured q exceeds it (or is
 *     not finite) counts as diverged
 */
public record ProbeResult(InputKind input, List<LayerRow> layers, double sparsity, double maxVariance) {
    public ProbeResult {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a probe has at least one hidden layer");
        }
    }

    /** max over layers of |q/q_theory − 1| (layers where both are finite). */
    public double maxVarianceError() {
        return layers.stream()
                .mapToDouble(r -> Math.abs(r.varianceError()))
                .filter(Double::isFinite)
                .max()
                .orElse(Double.NaN);
    }

    /** Mean over layers of |q/q_theory − 1| (layers where both are finite). */
    public double meanVarianceError() {
        return layers.stream()
                .mapToDouble(r -> Math.abs(r.varianceError()))
                .filter(Double::isFinite)
                .average()
                .orElse(Double.NaN);
    }

    /** max over layers of |zeros − zeroProbability(q_theory)|. */
    public double maxZerosError() {
        return maxAbs(layers.stream().mapToDouble(r -> r.zerosMeasured() - r.zerosTheory()));
    }

    /** max over layers of |zeros − s|. */
    public double maxSparsityError() {
        return maxAbs(layers.stream().mapToDouble(r -> r.zerosMeasured() - sparsity));
    }

    /** max over layers of |ρ − ρ_theory|. */
    public double maxCorrelationError() {
        return maxAbs(layers.stream().mapToDouble(r -> r.rhoMeasured() - r.rhoTheory()));
    }

    /** The first layer whose measured q exceeds maxVariance or is not finite; −1 if none. */
    public int divergedLayer() {
        for (LayerRow r : layers) {
            if (!(r.qMeasured() <= maxVariance)) {
                return r.layer();
            }
        }
        return -1;
    }

    /** The first layer where the iterated map exceeds maxVariance (or overflows); −1 if none. */
    public int theoryDivergedLayer() {
        for (LayerRow r : layers) {
            if (!(r.qTheory() <= maxVariance)) {
                return r.layer();
            }
        }
        return -1;
    }

    /** One line: the largest errors, and whether and where the variance diverged. */
    public String verdict() {
        String head =
                "%s: max |q/q_theory - 1| = %.3g (mean %.3g), max |zeros - predicted| = %.3g, max |zeros - s| = %.3g, max |rho - rho_theory| = %.3g"
                        .formatted(
                                input.cliName(),
                                maxVarianceError(),
                                meanVarianceError(),
                                maxZerosError(),
                                maxSparsityError(),
                                maxCorrelationError());
        int diverged = divergedLayer();
        if (diverged < 0) {
            return head + "; variance stayed below maxVariance %.3g".formatted(maxVariance);
        }
        int predicted = theoryDivergedLayer();
        return head
                + "; DIVERGED at layer %d (q = %.3g > maxVariance %.3g; the map predicts %s)"
                        .formatted(
                                diverged,
                                layers.get(diverged).qMeasured(),
                                maxVariance,
                                predicted < 0 ? "no divergence" : "layer " + predicted);
    }

    private static double maxAbs(java.util.stream.DoubleStream values) {
        return values.map(Math::abs).filter(Double::isFinite).max().orElse(Double.NaN);
    }
}
