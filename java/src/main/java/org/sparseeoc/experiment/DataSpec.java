package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparseeoc.data.DataSource;
import org.sparseeoc.data.Normalization;

/**
 * The data of a run.
 *
 * @param source {@code bundled:mnist-10k}, {@code idx:<folder>} or {@code cifar10:<folder>}
 * @param normalize input scaling before the first layer (default standardize)
 * @param trainLimit use only the first N training examples; null for all
 * @param testLimit use only the first N test examples; null for all
 */
public record DataSpec(String source, Normalization normalize, Integer trainLimit, Integer testLimit) {
    public static final Normalization DEFAULT_NORMALIZE = Normalization.STANDARDIZE;

    public DataSpec {
        Check.required("source", source, "bundled:mnist-10k, idx:<folder> or cifar10:<folder>");
        parse(source);
        Check.required("normalize", normalize, "none, unit or standardize");
        if (trainLimit != null) {
            Check.atLeast("trainLimit", trainLimit, 1);
        }
        if (testLimit != null) {
            Check.atLeast("testLimit", testLimit, 1);
        }
    }

    /** The parsed {@link #source()}. */
    public DataSource parsedSource() {
        return parse(source);
    }

    private static DataSource parse(String source) {
        try {
            return DataSource.parse(source);
        } catch (IllegalArgumentException e) {
            throw new SpecException("source", e.getMessage());
        }
    }

    @JsonCreator
    private static DataSpec json(
            @JsonProperty("source") String source,
            @JsonProperty("normalize") Normalization normalize,
            @JsonProperty("trainLimit") Integer trainLimit,
            @JsonProperty("testLimit") Integer testLimit) {
        return new DataSpec(source, Check.orDefault(normalize, DEFAULT_NORMALIZE), trainLimit, testLimit);
    }
}
