package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Spec texts for tests: a minimal valid spec and edits of it. */
final class Specs {
    static final String SOURCE = "test.json";

    /** The smallest valid spec: only the required fields. */
    static final String MINIMAL = """
            {
              "name": "t",
              "data": {"source": "bundled:mnist-10k"},
              "model": {"type": "mlp", "depth": 3, "width": 8},
              "activation": {"kind": "crelu", "sparsity": 0.85, "clip": 1.0},
              "optimizer": {"type": "sgd", "lr": 0.01},
              "epochs": 2,
              "batchSize": 16
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Specs() {}

    /**
     * {@link #MINIMAL} with the field at dotted {@code path} set to the JSON {@code value}, or removed
     * when {@code value} is null. Missing objects on the way are created.
     */
    static String with(String path, String value) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(MINIMAL);
            ObjectNode node = root;
            String[] fields = path.split("\\.");
            for (int i = 0; i < fields.length - 1; i++) {
                node = node.has(fields[i]) ? (ObjectNode) node.get(fields[i]) : node.putObject(fields[i]);
            }
            String last = fields[fields.length - 1];
            if (value == null) {
                node.remove(last);
            } else {
                node.set(last, JSON.readTree(value));
            }
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    static ExperimentSpec parse(String json, String... overrides) {
        return SpecLoader.parse(json, SOURCE, List.of(overrides));
    }

    static SpecException failure(String json, String... overrides) {
        return assertThrows(SpecException.class, () -> parse(json, overrides));
    }
}
