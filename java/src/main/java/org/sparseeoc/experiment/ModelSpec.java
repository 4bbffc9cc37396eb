package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The network architecture, chosen by the JSON field {@code type}: {@code mlp} or {@code cnn}. Each
 * is one record here and one {@link JsonSubTypes} entry; consumers switch over them exhaustively.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ModelSpec.Mlp.class, name = "mlp"),
    @JsonSubTypes.Type(value = ModelSpec.Cnn.class, name = "cnn")
})
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

    /**
     * A vanilla deep CNN on channels-first images: {@code depth} k×k convolutions to {@code
     * channels} maps, each followed by the spec's activation, then global average pooling and a
     * linear output layer (Xiao et al. 2018's architecture, used at depth 50–100 in the paper).
     *
     * @param depth convolution layers L &ge; 1
     * @param channels feature maps per layer C &ge; 1
     * @param kernel filter size k &ge; 1 (default 3)
     * @param padding zero padding on each side, in [0, k − 1] (default ⌊(k − 1)/2⌋, which keeps the
     *     size at stride 1 for odd k)
     * @param downsample the layers (0-based, ascending) that use stride 2; the others use stride 1
     *     (default none)
     */
    record Cnn(int depth, int channels, int kernel, int padding, List<Integer> downsample) implements ModelSpec {
        public static final int DEFAULT_KERNEL = 3;

        public Cnn {
            Check.atLeast("depth", depth, 1);
            Check.atLeast("channels", channels, 1);
            Check.atLeast("kernel", kernel, 1);
            if (padding < 0 || padding >= kernel) {
                throw new SpecException(
                        "padding", "must lie in [0, kernel - 1] = [0, " + (kernel - 1) + "], got " + padding);
            }
            Check.required("downsample", downsample, "a list of layer indices such as [0]");
            downsample = List.copyOf(downsample);
            int previous = -1;
            for (int i = 0; i < downsample.size(); i++) {
                int layer = downsample.get(i);
                if (layer <= previous || layer >= depth) {
                    throw new SpecException(
                            "downsample[" + i + "]",
                            "must be ascending layer indices in [0, " + (depth - 1) + "], got " + downsample);
                }
                previous = layer;
            }
        }

        @JsonCreator
        private static Cnn json(
                @JsonProperty("depth") Integer depth,
                @JsonProperty("channels") Integer channels,
                @JsonProperty("kernel") Integer kernel,
                @JsonProperty("padding") Integer padding,
                @JsonProperty("downsample") List<Integer> downsample) {
            int k = Check.orDefault(kernel, DEFAULT_KERNEL);
            return new Cnn(
                    Check.required("depth", depth, "the number of convolution layers L >= 1"),
                    Check.required("channels", channels, "the feature maps per layer C >= 1"),
                    k,
                    Check.orDefault(padding, (k - 1) / 2),
                    Check.orDefault(downsample, List.of()));
        }
    }
}
