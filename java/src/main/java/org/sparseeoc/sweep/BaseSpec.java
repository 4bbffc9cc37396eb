package org.sparseeoc.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * The experiment spec every run of a sweep starts from, before its overrides: a file or an object
 * written inside the sweep spec. Its {@code name} and {@code output} are replaced per run.
 */
public sealed interface BaseSpec {
    /** The base's JSON text, as {@code SpecLoader.parse} takes it. */
    String json();

    /** Where the base came from, for messages. */
    String source();

    /**
     * A spec file, named relative to the sweep file.
     *
     * @param file the path as resolved against the sweep file's folder
     * @param json its text
     */
    record FromFile(Path file, String json) implements BaseSpec {
        @Override
        public String source() {
            return file.toString();
        }
    }

    /**
     * An object written as the sweep's {@code base} field.
     *
     * @param object the spec object
     * @param sweepFile the sweep file, for messages
     */
    record Inline(ObjectNode object, Path sweepFile) implements BaseSpec {
        public Inline {
            object = object.deepCopy();
        }

        @Override
        public String json() {
            return object.toString();
        }

        @Override
        public String source() {
            return sweepFile + " (base)";
        }
    }
}
