package org.sparseeoc.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code --set key.path=value}: the path as field names and the value as a JSON node.
 *
 * @param text the override as given, for messages
 * @param path field names from the top of the spec, e.g. [optimizer, lr]
 * @param value the value: the text parsed as JSON when it is JSON, else the text as a string
 */
record SpecOverride(String text, List<String> path, JsonNode value) {
    /** The field that names an object's subtype (model, optimizer, schedule). */
    static final String TYPE = "type";

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

    /** Parses {@code key.path=value}; errors name the override and {@code source}. */
    static SpecOverride parse(String text, String source) {
        int equals = text.indexOf('=');
        String where = source + " with " + label(text);
        if (equals < 0) {
            throw new SpecException(where, "", "expected key.path=value, e.g. --set optimizer.lr=0.01", null);
        }
        String key = text.substring(0, equals).strip();
        if (!KEY.matcher(key).matches()) {
            throw new SpecException(
                    where,
                    "",
                    "'" + key + "' is not a field path: use field names joined by dots, e.g. optimizer.lr",
                    null);
        }
        return new SpecOverride(text, List.of(key.split("\\.")), value(text.substring(equals + 1)));
    }

    // "0.1", "true", "null" and {"type":"adam","lr":0.001} are JSON; idx:data/mnist or quickstart-2
    // are not, and taking them as strings spares shell users from quoting quotes.
    private static JsonNode value(String raw) {
        try {
            JsonNode node = SpecJson.MAPPER.readTree(raw);
            if (node != null && !node.isMissingNode()) {
                return node;
            }
        } catch (JsonProcessingException notJson) {
            // fall through: a plain string
        }
        return TextNode.valueOf(raw);
    }

    /** The path with dots, e.g. optimizer.lr. */
    String key() {
        return String.join(".", path);
    }

    /** The path of the enclosing object, e.g. optimizer for optimizer.type; "" at the top. */
    String parentKey() {
        return String.join(".", path.subList(0, path.size() - 1));
    }

    /** True when this sets the {@code type} of a nested object. */
    boolean setsType() {
        return path.size() > 1 && path.getLast().equals(TYPE);
    }

    /** {@code --set TEXT}, for messages. */
    String label() {
        return label(text);
    }

    private static String label(String text) {
        return "--set " + text;
    }
}
