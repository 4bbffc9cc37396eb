package org.sparseeoc.experiment;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a run's data comes from, parsed from the spec's {@code data.source} string {@code
 * KIND:ARGUMENT}. Relative folders are resolved by the run against its working directory.
 */
public sealed interface DataSource {
    /** The data sets that ship inside the jar. */
    List<String> BUNDLED = List.of("mnist-10k");

    /** A data set shipped inside the jar, e.g. {@code bundled:mnist-10k}. */
    record Bundled(String name) implements DataSource {}

    /** MNIST-style IDX files (train/t10k images and labels, optionally gzipped) in a folder. */
    record Idx(Path dir) implements DataSource {}

    /** The CIFAR-10 binary version ({@code data_batch_*.bin}, {@code test_batch.bin}) in a folder. */
    record Cifar10(Path dir) implements DataSource {}

    /** Parses {@code bundled:NAME}, {@code idx:DIR} or {@code cifar10:DIR}; errors name field "source". */
    static DataSource parse(String text) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon);
        String argument = colon < 0 ? "" : text.substring(colon + 1);
        return switch (kind) {
            case "bundled" -> {
                if (!BUNDLED.contains(argument)) {
                    throw new SpecException(
                            "source",
                            "no bundled data set '" + argument + "'; the bundled ones are "
                                    + String.join(
                                            ", ",
                                            BUNDLED.stream()
                                                    .map(n -> "bundled:" + n)
                                                    .toList()));
                }
                yield new Bundled(argument);
            }
            case "idx" -> new Idx(folder(kind, argument));
            case "cifar10" -> new Cifar10(folder(kind, argument));
            default ->
                throw new SpecException(
                        "source",
                        "unknown data source '" + text
                                + "'; expected bundled:mnist-10k, idx:<folder> (MNIST IDX files)"
                                + " or cifar10:<folder> (CIFAR-10 binary batches)");
        };
    }

    private static Path folder(String kind, String argument) {
        if (argument.isBlank()) {
            throw new SpecException("source", kind + ": needs a folder, e.g. " + kind + ":data/" + kind);
        }
        try {
            return Path.of(argument);
        } catch (InvalidPathException e) {
            throw new SpecException("source", "'" + argument + "' is not a valid folder path: " + e.getReason());
        }
    }
}
