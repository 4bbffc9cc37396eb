package org.sparseeoc.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The short readable part of a run's folder and name, made from its overridden values: a string
 * value as itself ({@code crelu}), a number or boolean after its field's last name ({@code
 * sparsity0.85}, {@code seed3}), null as {@code no<field>}, an object as its fields' parts; parts
 * joined by {@code _}. Only {@code [A-Za-z0-9.-]} survive (others become {@code -}), so the label fits
 * a run name; the index before it keeps folders unique even when labels repeat or are cut.
 */
final class RunLabel {
    /** Longest label; the rest is cut (the index keeps the folder unique). */
    static final int MAX_CHARS = 60;

    /** The label of a point with no overrides: the base spec itself. */
    static final String BASE = "base";

    private RunLabel() {}

    static String of(List<Assignment> sets) {
        List<String> parts = new ArrayList<>();
        for (Assignment set : sets) {
            String[] fields = set.path().split("\\.");
            addParts(fields[fields.length - 1], set.value(), parts);
        }
        String label = String.join("_", parts);
        if (label.isEmpty()) {
            return BASE;
        }
        return label.length() > MAX_CHARS ? label.substring(0, MAX_CHARS) : label;
    }

    private static void addParts(String field, JsonNode value, List<String> parts) {
        switch (value.getNodeType()) {
            case STRING -> parts.add(clean(value.asText()));
            case NULL -> parts.add("no" + clean(field));
            case OBJECT -> {
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    addParts(entry.getKey(), entry.getValue(), parts);
                }
            }
            case ARRAY -> {
                for (JsonNode element : value) {
                    addParts(field, element, parts);
                }
            }
            default -> parts.add(clean(field + value));
        }
    }

    private static String clean(String text) {
        return text.replaceAll("[^A-Za-z0-9.-]+", "-");
    }
}
