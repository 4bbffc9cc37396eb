package org.sparseeoc.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Metrics rows as JSON lines (one object per line; NaN and ±∞ as the strings "NaN", "Infinity").
 * Used for metrics.jsonl and inside checkpoints, so a resumed run restores its history exactly.
 */
public final class MetricsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsJson() {}

    /** One row as a single line of JSON (no trailing newline). */
    public static String line(MetricsRow row) {
        try {
            return JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise metrics row " + row, e);
        }
    }

    /** All rows, one line each, each ending in a newline. */
    public static String lines(List<MetricsRow> rows) {
        StringBuilder out = new StringBuilder();
        for (MetricsRow row : rows) {
            out.append(line(row)).append('\n');
        }
        return out.toString();
    }

    /** Parses what {@link #lines} wrote. */
    public static List<MetricsRow> parse(String lines) {
        List<MetricsRow> rows = new ArrayList<>();
        for (String line : lines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                rows.add(JSON.readValue(line, MetricsRow.class));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("corrupt metrics line: " + e.getOriginalMessage(), e);
            }
        }
        return rows;
    }
}
