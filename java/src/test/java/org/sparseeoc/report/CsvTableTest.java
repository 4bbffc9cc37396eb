package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    @TempDir
    Path dir;

    @Test
    void headerNamesEveryColumnWithItsUnit() {
        CsvTable table = CsvTable.of(new CsvTable.Column("q", "variance"), new CsvTable.Column("V'(q*)", "1"));
        assertEquals("q [variance],V'(q*) [1]\n", table.render());
    }

    @Test
    void numbersRoundTripAndSpecialValuesHaveFixedSpellings() {
        CsvTable table = CsvTable.of(
                new CsvTable.Column("a", "1"), new CsvTable.Column("b", "1"), new CsvTable.Column("c", "1"));
        double third = 1.0 / 3.0;
        table.row(third, Double.NaN, Double.POSITIVE_INFINITY);
        table.row(-0.0, 1e-300, Double.NEGATIVE_INFINITY);
        table.row(7, 8L, 2.5f);
        List<String> lines = table.render().lines().toList();
        assertEquals(third, Double.parseDouble(lines.get(1).split(",", -1)[0]));
        assertEquals("0.3333333333333333,,inf", lines.get(1));
        assertEquals("-0.0,1.0E-300,-inf", lines.get(2));
        assertEquals("7,8,2.5", lines.get(3));
        assertEquals(3, table.rowCount());
    }

    @Test
    void textCellsAreQuotedOnlyWhenNeeded() {
        CsvTable table = CsvTable.of(new CsvTable.Column("note", "text"));
        table.row("plain");
        table.row("a, b");
        table.row("say \"hi\"");
        assertEquals("note [text]\nplain\n\"a, b\"\n\"say \"\"hi\"\"\"\n", table.render());
    }

    @Test
    void malformedTablesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CsvTable.Column("has space", "1"));
        assertThrows(IllegalArgumentException.class, () -> new CsvTable.Column("x", ""));
        assertThrows(IllegalArgumentException.class, () -> new CsvTable.Column("x", "a[b]"));
        assertThrows(IllegalArgumentException.class, () -> new CsvTable(List.of()));
        CsvTable table = CsvTable.of(new CsvTable.Column("a", "1"), new CsvTable.Column("b", "1"));
        assertThrows(IllegalArgumentException.class, () -> table.numberRow(1.0));
        assertThrows(IllegalArgumentException.class, () -> table.row("a"));
        assertThrows(IllegalArgumentException.class, () -> table.row(1.0, null));
        assertThrows(IllegalArgumentException.class, () -> table.row(1.0, new Object()));
    }

    @Test
    void writesAtomicallyAndReplacesAnExistingFile() throws IOException {
        Path target = dir.resolve("t.csv");
        Files.writeString(target, "old content that is longer than the new table\n".repeat(100));
        CsvTable table = CsvTable.of(new CsvTable.Column("x", "m"), new CsvTable.Column("y", "s"));
        table.numberRow(1.0, 2.0);
        table.write(target);
        assertEquals(table.render(), Files.readString(target));
        CsvFile read = CsvFile.read(target);
        assertEquals(List.of("x", "y"), read.names());
        assertEquals(List.of("m", "s"), read.units());
        assertEquals(2.0, read.number(0, "y"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
