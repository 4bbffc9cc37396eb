package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The data of a run.
 *
 * @param source {@code bundled:mnist-10k}, {@code idx:<folder>} or {@code cifar10:<folder>}
 * @param normalize input scaling before the first layer (default standardize)
 * @param trainLimit use only the first N training examples; null for all
 * @param testLimit use only the first N test examples; null for all
 */
public record DataSpec(String source, Normalize normalize, Integer trainLimit, Integer testLimit) {
    public static final Normalize DEFAULT_NORMALIZE = Normalize.STANDARDIZE;

    public DataSpec {
        Check.required("source", source, "bundled:mnist-10k, idx:<folder> or cifar10:<folder>");
        DataSource.parse(source);
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
        return DataSource.parse(source);
    }

    @JsonCreator
    private static DataSpec json(
            @JsonProperty("source") String source,
            @JsonProperty("normalize") Normalize normalize,
            @JsonProperty("trainLimit") Integer trainLimit,
            @JsonProperty("testLimit") Integer testLimit) {
        return new DataSpec(source, Check.orDefault(normalize, DEFAULT_NORMALIZE), trainLimit, testLimit);
    }
}
