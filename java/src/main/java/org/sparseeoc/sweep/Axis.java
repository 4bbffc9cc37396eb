package org.sparseeoc.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One axis of a grid: a spec field and the values it takes, in order.
 *
 * @param path the field's dotted path, as {@code --set} takes it
 * @param values at least one JSON value
 */
public record Axis(String path, List<JsonNode> values) {
    public Axis {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(path + " has no values; give at least one");
        }
    }

    Assignment at(int i) {
        return new Assignment(path, values.get(i));
    }
}
