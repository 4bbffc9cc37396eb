package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A CSV file read back for tests: RFC 4180 cells, a header of {@code name [unit]} cells (checked),
 * numbers parsed as {@link CsvTable} writes them (empty = NaN, {@code inf}, {@code -inf}).
 */
public record CsvFile(List<String> names, List<String> units, List<List<String>> rows) {
    private static final Pattern HEADER = Pattern.compile("([^\\[\\] ,\"]+) \\[([^\\[\\],\"]+)\\]");

    /** Reads {@code path}, checking that the header names every column with a unit and every row has as many cells. */
    public static CsvFile read(Path path) throws IOException {
        String text = Files.readString(path, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), path + ": last line must end with a newline");
        List<List<String>> lines = parse(text);
        assertTrue(!lines.isEmpty(), path + ": no header");
        List<String> names = new ArrayList<>();
        List<String> units = new ArrayList<>();
        for (String cell : lines.get(0)) {
            var m = HEADER.matcher(cell);
            if (!m.matches()) {
                fail(path + ": header cell '" + cell + "' is not 'name [unit]'");
            }
            names.add(m.group(1));
            units.add(m.group(2));
        }
        assertEquals(names.size(), names.stream().distinct().count(), path + ": duplicate column names " + names);
        List<List<String>> rows = lines.subList(1, lines.size());
        for (int r = 0; r < rows.size(); r++) {
            assertEquals(
                    names.size(), rows.get(r).size(), path + ": row " + (r + 1) + " has the wrong number of cells");
        }
        return new CsvFile(List.copyOf(names), List.copyOf(units), List.copyOf(rows));
    }

    /** The index of the column named {@code name}; fails when absent. */
    public int column(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            fail("no column '" + name + "' in " + names);
        }
        return i;
    }

    /** The unit of column {@code name}. */
    public String unit(String name) {
        return units.get(column(name));
    }

    /** The text of a cell. */
    public String text(int row, String name) {
        return rows.get(row).get(column(name));
    }

    /** A numeric cell: empty is NaN, {@code inf}/{@code -inf} are infinities. */
    public double number(int row, String name) {
        return parseNumber(text(row, name));
    }

    /** A whole numeric column. */
    public double[] numbers(String name) {
        double[] values = new double[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = number(r, name);
        }
        return values;
    }

    /** The first row whose cell in column {@code name} equals {@code text}; fails when none does. */
    public int rowWhere(String name, String text) {
        int c = column(name);
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).get(c).equals(text)) {
                return r;
            }
        }
        return fail("no row with " + name + " = " + text);
    }

    public int rowCount() {
        return rows.size();
    }

    static double parseNumber(String cell) {
        return switch (cell) {
            case "" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(cell);
        };
    }

    private static List<List<String>> parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                line.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n') {
                line.add(cell.toString());
                cell.setLength(0);
                lines.add(line);
                line = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        return lines;
    }
}
