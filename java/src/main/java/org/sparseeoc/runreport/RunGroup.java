package org.sparseeoc.runreport;

import java.util.Comparator;
import java.util.Objects;
import org.sparseeoc.activation.ActivationKind;

/**
 * What runs must share to be aggregated over seeds: the activation, its target sparsity s, the
 * clip as given, and the model shape. Ordered like the paper's tables: activation in the order
 * relu, relu-tau, st, crelu, cst; then s; then clip; then model.
 *
 * @param model the architecture in words, e.g. {@code mlp 20x300}
 */
record RunGroup(ActivationKind activation, double sparsity, ClipSetting clip, String model)
        implements Comparable<RunGroup> {
    private static final Comparator<RunGroup> ORDER = Comparator.comparing(RunGroup::activation)
            .thenComparingDouble(RunGroup::sparsity)
            .thenComparing(RunGroup::clip)
            .thenComparing(RunGroup::model);

    RunGroup {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(model, "model");
    }

    /** E.g. {@code crelu s = 0.85 m̃ = 1}, with the model appended when asked. */
    String label(boolean withModel) {
        return activation.cliName()
                + " s = " + ClipSetting.number(sparsity)
                + (clip.scale() == ClipSetting.Scale.NONE ? "" : " " + clip.label())
                + (withModel ? " (" + model + ")" : "");
    }

    /** The series key of the accuracy-against-sparsity plot: everything but s. */
    String seriesLabel(boolean withModel) {
        return activation.cliName()
                + (clip.scale() == ClipSetting.Scale.NONE ? "" : " " + clip.label())
                + (withModel ? " (" + model + ")" : "");
    }

    @Override
    public int compareTo(RunGroup other) {
        return ORDER.compare(this, other);
    }
}
