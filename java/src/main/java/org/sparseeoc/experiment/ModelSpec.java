package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The network architecture, chosen by the JSON field {@code type}. Only the MLP exists so far; a
 * CNN becomes one more record here and one more {@link JsonSubTypes} entry, and the exhaustive
 * switches of the consumers then show where it must be handled.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = ModelSpec.Mlp.class, name = "mlp")})
public sealed interface ModelSpec {
    /**
     * A fully connected net: input, {@code depth} hidden layers of {@code width} units with the
     * spec's activation, and a linear output layer.
     *
     * @param depth hidden layers L &ge; 1
     * @param width units per hidden layer N &ge; 1
     */
    record Mlp(int depth, int width) implements ModelSpec {
        public Mlp {
            Check.atLeast("depth", depth, 1);
            Check.atLeast("width", width, 1);
        }

        @JsonCreator
        private static Mlp json(@JsonProperty("depth") Integer depth, @JsonProperty("width") Integer width) {
            return new Mlp(
                    Check.required("depth", depth, "the number of hidden layers L >= 1"),
                    Check.required("width", width, "the units per hidden layer N >= 1"));
        }
    }
}
