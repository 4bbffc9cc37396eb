package org.sparseeoc.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.sparseeoc.report.AtomicFile;

/**
 * Writes the fully resolved spec: every field, defaults included, so that a run's results folder
 * records exactly what ran even after defaults change. The text parses back to an equal spec.
 * Optional values that are absent are written as null.
 */
public final class SpecWriter {
    // "field": value, the way specs are written by hand, rather than Jackson's "field" : value.
    private static final ObjectWriter WRITER = SpecJson.MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private SpecWriter() {}

    /** The spec as indented JSON, ending in a newline. */
    public static String toJson(ExperimentSpec spec) {
        try {
            return WRITER.writeValueAsString(spec) + "\n";
        } catch (JsonProcessingException e) {
            // Records of numbers, strings and enums always serialise; this is a bug, not bad input.
            throw new IllegalStateException("cannot write spec " + spec.name(), e);
        }
    }

    /** Writes {@link #toJson} to {@code file} atomically (its folder must exist). */
    public static void write(ExperimentSpec spec, Path file) throws IOException {
        AtomicFile.write(file, toJson(spec).getBytes(StandardCharsets.UTF_8));
    }
}
