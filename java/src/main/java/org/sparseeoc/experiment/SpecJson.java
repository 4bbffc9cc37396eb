package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.cuda.GemmLibrary;
import org.sparseeoc.backend.cuda.SparseLibrary;
import org.sparseeoc.data.Normalization;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.SparseDispatch;
import org.sparseeoc.nn.WeightDistribution;

/**
 * The one Jackson mapper for specs, strict where Jackson is lenient by default: a value of the
 * wrong JSON type is an error, never quietly converted ("0.1" is not a number, 2.5 is not an
 * integer, 3 is not a string), and so are duplicate keys, trailing text and unknown fields.
 */
final class SpecJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(
                    LogicalType.Textual,
                    config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            // ScheduleSpec.Constant has no fields: it is written as its type alone.
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(ActivationKind.class, CliNames.class)
            .addMixIn(Normalization.class, CliNames.class)
            .addMixIn(InitScheme.class, CliNames.class)
            .addMixIn(WeightDistribution.class, CliNames.class)
            .addMixIn(GemmLibrary.class, CliNames.class)
            .addMixIn(SparseLibrary.class, CliNames.class)
            .addMixIn(SparseDispatch.Mode.class, CliNames.class)
            .build();

    private SpecJson() {}

    /**
     * Reads and writes enums (activation kind, normalisation, init scheme, weight distribution, GPU
     * GEMM and sparse libraries, sparse mode) by their CLI names,
     * without Jackson in the packages that define them.
     */
    abstract static class CliNames {
        @JsonValue
        abstract String cliName();
    }
}
