package org.sparseeoc.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One override of a sweep point: a spec field given by its dotted path (the key {@code --set}
 * takes, e.g. {@code activation.sparsity}) and the JSON value it gets.
 *
 * @param path field names joined by dots
 * @param value any JSON value; {@code null} removes the field so its default applies
 */
public record Assignment(String path, JsonNode value) {
    /** The key syntax of {@code --set} (experiment.SpecOverride). */
    static final Pattern PATH = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");

    public Assignment {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException(
                    "'" + path + "' is not a field path: use field names joined by dots, e.g. activation.sparsity");
        }
    }

    /**
     * The {@code key=value} text {@code SpecLoader} takes. The value is written as JSON, which the
     * override parser reads back as exactly this node (a string keeps its quotes, so "123" stays a
     * string).
     */
    String setText() {
        return path + "=" + value;
    }

    /** {@code path=value} for people: strings without quotes, everything else as compact JSON. */
    public String display() {
        return path + "=" + (value.isTextual() ? value.asText() : value.toString());
    }

    /** True when paths {@code a} and {@code b} name the same field or one lies inside the other. */
    static boolean overlap(String a, String b) {
        return a.equals(b) || a.startsWith(b + ".") || b.startsWith(a + ".");
    }
}
