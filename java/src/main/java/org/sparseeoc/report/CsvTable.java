package org.sparseeoc.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CSV table whose header names every column with its unit, written atomically.
 *
 * <p>Format (RFC 4180 with {@code \n} line ends, UTF-8): a header row of {@code name [unit]}
 * cells, then one row per {@link #row} call. Numbers use {@link Double#toString} (shortest text
 * that reads back to the same double); NaN is written as an empty cell (a value not computed,
 * e.g. a curve past its divergence) and ±∞ as {@code inf} / {@code -inf}. Text cells are quoted
 * when they contain a comma, a quote or a line break.
 */
public final class CsvTable {
    /** The unit of dimensionless columns. */
    public static final String DIMENSIONLESS = "1";

    /**
     * A column: a name without spaces, commas or brackets (so it doubles as an identifier) and its
     * unit, e.g. {@code q [variance]} or {@code s [fraction]}.
     */
    public record Column(String name, String unit) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(unit, "unit");
            if (name.isEmpty()
                    || name.chars().anyMatch(c -> c == ' ' || c == ',' || c == '[' || c == ']' || c == '"')) {
                throw new IllegalArgumentException(
                        "column name must be non-empty without spaces, commas, quotes or brackets: '" + name + "'");
            }
            if (unit.isEmpty() || unit.chars().anyMatch(c -> c == ',' || c == '[' || c == ']' || c == '"')) {
                throw new IllegalArgumentException(
                        "unit must be non-empty without commas, quotes or brackets: '" + unit + "'");
            }
        }

        /** The header cell: {@code name [unit]}. */
        public String header() {
            return name + " [" + unit + "]";
        }
    }

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public CsvTable(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = List.copyOf(columns);
    }

    /** Shorthand for {@code new CsvTable(List.of(columns))}. */
    public static CsvTable of(Column... columns) {
        return new CsvTable(List.of(columns));
    }

    /**
     * Appends a row, one cell per column: a {@link Number} (formatted by {@link #format(double)}
     * unless it is an {@link Integer} or {@link Long}) or a {@link CharSequence} (text).
     */
    public CsvTable row(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(
                    "row has " + cells.length + " cells, table has " + columns.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(
                    switch (cell) {
                        case Integer i -> Integer.toString(i);
                        case Long l -> Long.toString(l);
                        case Number n -> format(n.doubleValue());
                        case CharSequence text -> quote(text.toString());
                        case null -> throw new IllegalArgumentException("null cell (use NaN for a missing number)");
                        default ->
                            throw new IllegalArgumentException(
                                    "unsupported cell type " + cell.getClass().getName());
                    });
        }
        rows.add(List.copyOf(row));
        return this;
    }

    /** Appends a row of numbers, one per column. */
    public CsvTable numberRow(double... cells) {
        Object[] boxed = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            boxed[i] = cells[i];
        }
        return row(boxed);
    }

    /** The columns, in order. */
    public List<Column> columns() {
        return columns;
    }

    /** The number of data rows (the header not counted). */
    public int rowCount() {
        return rows.size();
    }

    /** The whole table as CSV text, header first, every line ending in {@code \n}. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", columns.stream().map(c -> quote(c.header())).toList()))
                .append('\n');
        for (List<String> row : rows) {
            out.append(String.join(",", row)).append('\n');
        }
        return out.toString();
    }

    /** Writes the table to {@code target} atomically (see {@link AtomicFile}). */
    public void write(Path target) throws IOException {
        AtomicFile.write(target, render().getBytes(StandardCharsets.UTF_8));
    }

    /** A number as a CSV cell: shortest round-trip text, empty for NaN, {@code inf}/{@code -inf}. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        return Double.toString(value);
    }

    private static String quote(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
