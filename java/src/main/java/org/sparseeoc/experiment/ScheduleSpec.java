package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The learning-rate schedule, chosen by the JSON field {@code type}: a pure function of the
 * position in training, so that a resumed run picks up exactly where it stopped.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ScheduleSpec.Constant.class, name = "constant"),
    @JsonSubTypes.Type(value = ScheduleSpec.Step.class, name = "step"),
    @JsonSubTypes.Type(value = ScheduleSpec.Cosine.class, name = "cosine")
})
public sealed interface ScheduleSpec {
    /** The default schedule. */
    ScheduleSpec DEFAULT = new Constant();

    /** The base rate throughout. */
    record Constant() implements ScheduleSpec {}

    /**
     * The rate multiplied by {@code gamma} after every {@code every} epochs, constant within an
     * epoch: lr = base·gamma^⌊epoch/every⌋.
     *
     * @param every epochs between decays, &ge; 1 (required)
     * @param gamma factor in (0, 1] (required)
     */
    record Step(int every, double gamma) implements ScheduleSpec {
        public Step {
            Check.atLeast("every", every, 1);
            if (!(gamma > 0 && gamma <= 1)) {
                throw new SpecException("gamma", "must lie in (0, 1], got " + gamma);
            }
        }

        @JsonCreator
        private static Step json(@JsonProperty("every") Integer every, @JsonProperty("gamma") Double gamma) {
            return new Step(
                    Check.required("every", every, "epochs between decays, e.g. 30"),
                    Check.required("gamma", gamma, "the decay factor in (0, 1], e.g. 0.1"));
        }
    }

    /**
     * Linear warm-up over {@code warmupEpochs}, then a half cosine from the base rate down to
     * {@code minLr} at the end of training, updated every step. With k the global step (from 0), S
     * steps per epoch, W warm-up and E total epochs: lr = base·(k+1)/(WS) for k &lt; WS, else
     * minLr + (base − minLr)·(1 + cos(π(k − WS)/((E − W)S)))/2.
     *
     * @param minLr final rate, &ge; 0 and at most the optimiser's lr (default 0)
     * @param warmupEpochs epochs of linear warm-up, &ge; 0 and below the run's epochs (default 0)
     */
    record Cosine(double minLr, int warmupEpochs) implements ScheduleSpec {
        public Cosine {
            Check.nonNegative("minLr", minLr);
            Check.atLeast("warmupEpochs", warmupEpochs, 0);
        }

        @JsonCreator
        private static Cosine json(
                @JsonProperty("minLr") Double minLr, @JsonProperty("warmupEpochs") Integer warmupEpochs) {
            return new Cosine(Check.orDefault(minLr, 0.0), Check.orDefault(warmupEpochs, 0));
        }
    }

    /**
     * The learning rate for one step.
     *
     * @param baseLr the optimiser's lr, &gt; 0
     * @param epoch the epoch, from 0, below {@code totalEpochs}
     * @param stepInEpoch the step within the epoch, from 0, below {@code stepsPerEpoch}
     * @param stepsPerEpoch batches per epoch, &ge; 1
     * @param totalEpochs epochs in the run, &ge; 1
     * @throws IllegalArgumentException for a position outside the run, or a cosine schedule whose
     *     warm-up fills the run or whose minLr exceeds baseLr
     */
    default double lr(double baseLr, int epoch, int stepInEpoch, int stepsPerEpoch, int totalEpochs) {
        if (!(baseLr > 0 && Double.isFinite(baseLr))) {
            throw new IllegalArgumentException("baseLr must be finite and > 0, got " + baseLr);
        }
        if (totalEpochs < 1 || epoch < 0 || epoch >= totalEpochs) {
            throw new IllegalArgumentException("epoch " + epoch + " outside [0, " + totalEpochs + ")");
        }
        if (stepsPerEpoch < 1 || stepInEpoch < 0 || stepInEpoch >= stepsPerEpoch) {
            throw new IllegalArgumentException("step " + stepInEpoch + " outside [0, " + stepsPerEpoch + ")");
        }
        return switch (this) {
            case Constant c -> baseLr;
            case Step s -> baseLr * Math.pow(s.gamma(), epoch / s.every());
            case Cosine c -> {
                if (c.warmupEpochs() >= totalEpochs) {
                    throw new IllegalArgumentException(
                            "warm-up of " + c.warmupEpochs() + " epochs leaves nothing of " + totalEpochs);
                }
                if (c.minLr() > baseLr) {
                    throw new IllegalArgumentException("minLr " + c.minLr() + " exceeds baseLr " + baseLr);
                }
                // Steps as longs: epochs × steps per epoch can pass 2^31 on long runs of small batches.
                long step = (long) epoch * stepsPerEpoch + stepInEpoch;
                long warmupSteps = (long) c.warmupEpochs() * stepsPerEpoch;
                if (step < warmupSteps) {
                    yield baseLr * (step + 1) / warmupSteps;
                }
                double progress =
                        (double) (step - warmupSteps) / ((long) (totalEpochs - c.warmupEpochs()) * stepsPerEpoch);
                yield c.minLr() + (baseLr - c.minLr()) * (1 + Math.cos(Math.PI * progress)) / 2;
            }
        };
    }
}
