package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.WeightDistribution;

/**
 * How the network is initialised.
 *
 * @param scheme weight and bias variances (default eoc)
 * @param weights how hidden weights are drawn at those variances: {@code gaussian} (independent
 *     entries) or {@code orthogonal} (scaled semi-orthogonal matrices; for a CNN the
 *     delta-orthogonal init of Xiao et al. 2018, where only each filter's centre tap is non-zero)
 *     (default gaussian)
 * @param inputScaling scale the (normalised) inputs by one factor, measured on training data, so
 *     that the first layer's pre-activation variance is about q*: the theory assumes every layer
 *     starts at the fixed point, and raw data is rarely there (default true)
 */
public record InitSpec(InitScheme scheme, WeightDistribution weights, boolean inputScaling) {
    public static final InitSpec DEFAULTS = new InitSpec(InitScheme.EOC, WeightDistribution.GAUSSIAN, true);

    public InitSpec {
        Check.required("scheme", scheme, "eoc, he or glorot");
        Check.required("weights", weights, "gaussian or orthogonal");
    }

    @JsonCreator
    private static InitSpec json(
            @JsonProperty("scheme") InitScheme scheme,
            @JsonProperty("weights") WeightDistribution weights,
            @JsonProperty("inputScaling") Boolean inputScaling) {
        return new InitSpec(
                Check.orDefault(scheme, DEFAULTS.scheme()),
                Check.orDefault(weights, DEFAULTS.weights()),
                Check.orDefault(inputScaling, DEFAULTS.inputScaling()));
    }
}
