package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparseeoc.nn.InitScheme;

/**
 * How the network is initialised.
 *
 * @param scheme weight and bias distributions (default eoc)
 * @param inputScaling scale the (normalised) inputs by one factor, measured on training data, so
 *     that the first layer's pre-activation variance is about q*: the theory assumes every layer
 *     starts at the fixed point, and raw data is rarely there (default true)
 */
public record InitSpec(InitScheme scheme, boolean inputScaling) {
    public static final InitSpec DEFAULTS = new InitSpec(InitScheme.EOC, true);

    public InitSpec {
        Check.required("scheme", scheme, "eoc, he or glorot");
    }

    @JsonCreator
    private static InitSpec json(
            @JsonProperty("scheme") InitScheme scheme, @JsonProperty("inputScaling") Boolean inputScaling) {
        return new InitSpec(
                Check.orDefault(scheme, DEFAULTS.scheme()), Check.orDefault(inputScaling, DEFAULTS.inputScaling()));
    }
}
