package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The optimiser, chosen by the JSON field {@code type}. Weight decay is an L2 term λ·w added to the
 * gradient before the update, as in torch.optim.SGD and torch.optim.Adam (not AdamW's decoupled
 * decay).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OptimizerSpec.Sgd.class, name = "sgd"),
    @JsonSubTypes.Type(value = OptimizerSpec.Adam.class, name = "adam")
})
public sealed interface OptimizerSpec {
    /** The base learning rate, before the schedule. */
    double lr();

    /** The L2 coefficient λ. */
    double weightDecay();

    /**
     * Stochastic gradient descent with heavy-ball or Nesterov momentum (PyTorch's form, no
     * dampening): v ← μv + g, w ← w − lr·v (Nesterov: w ← w − lr·(g + μv)).
     *
     * @param lr learning rate &gt; 0 (required)
     * @param momentum μ in [0, 1) (default 0.9)
     * @param nesterov Nesterov momentum, which needs μ &gt; 0 (default false)
     * @param weightDecay λ &ge; 0 (default 0)
     */
    record Sgd(double lr, double momentum, boolean nesterov, double weightDecay) implements OptimizerSpec {
        public static final double DEFAULT_MOMENTUM = 0.9;

        public Sgd {
            Check.positive("lr", lr);
            Check.unitInterval("momentum", momentum);
            if (nesterov && momentum == 0) {
                throw new SpecException(
                        "nesterov", "Nesterov momentum needs momentum > 0; set momentum or nesterov false");
            }
            Check.nonNegative("weightDecay", weightDecay);
        }

        @JsonCreator
        private static Sgd json(
                @JsonProperty("lr") Double lr,
                @JsonProperty("momentum") Double momentum,
                @JsonProperty("nesterov") Boolean nesterov,
                @JsonProperty("weightDecay") Double weightDecay) {
            return new Sgd(
                    Check.required("lr", lr, "the learning rate, e.g. 0.01"),
                    Check.orDefault(momentum, DEFAULT_MOMENTUM),
                    Check.orDefault(nesterov, false),
                    Check.orDefault(weightDecay, 0.0));
        }
    }

    /**
     * Adam (Kingma and Ba) with bias correction.
     *
     * @param lr learning rate &gt; 0 (required)
     * @param beta1 first-moment decay in [0, 1) (default 0.9)
     * @param beta2 second-moment decay in [0, 1) (default 0.999)
     * @param eps denominator guard &gt; 0 (default 1e-8)
     * @param weightDecay λ &ge; 0 (default 0)
     */
    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay) implements OptimizerSpec {
        public static final double DEFAULT_BETA1 = 0.9;
        public static final double DEFAULT_BETA2 = 0.999;
        public static final double DEFAULT_EPS = 1e-8;

        public Adam {
            Check.positive("lr", lr);
            Check.unitInterval("beta1", beta1);
            Check.unitInterval("beta2", beta2);
            Check.positive("eps", eps);
            Check.nonNegative("weightDecay", weightDecay);
        }

        @JsonCreator
        private static Adam json(
                @JsonProperty("lr") Double lr,
                @JsonProperty("beta1") Double beta1,
                @JsonProperty("beta2") Double beta2,
                @JsonProperty("eps") Double eps,
                @JsonProperty("weightDecay") Double weightDecay) {
            return new Adam(
                    Check.required("lr", lr, "the learning rate, e.g. 0.001"),
                    Check.orDefault(beta1, DEFAULT_BETA1),
                    Check.orDefault(beta2, DEFAULT_BETA2),
                    Check.orDefault(eps, DEFAULT_EPS),
                    Check.orDefault(weightDecay, 0.0));
        }
    }
}
