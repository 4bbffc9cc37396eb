package org.sparseeoc.data;

import java.nio.file.Path;
import java.util.List;

/** Where a train/test split comes from; {@link Datasets#load} reads it. */
public sealed interface DataSource {
    /** A data set shipped inside the jar; the only one is {@code mnist-10k}. */
    record Bundled(String name) implements DataSource {
        /** The bundled data sets. */
        public static final List<String> NAMES = List.of("mnist-10k");

        public Bundled {
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown bundled data set '" + name + "'; bundled: " + String.join(", ", NAMES));
            }
        }
    }

    /**
     * A directory holding the four MNIST-format IDX files {@code train-images-idx3-ubyte},
     * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
     * {@code t10k-labels-idx1-ubyte}, each raw or gzipped (optionally named with {@code .gz}): MNIST,
     * Fashion-MNIST, KMNIST and the like.
     */
    record IdxDirectory(Path dir) implements DataSource {
        public IdxDirectory {
            if (dir == null) {
                throw new IllegalArgumentException("IDX directory missing");
            }
        }
    }

    /**
     * A directory holding the CIFAR-10 binary version ({@code cifar-10-batches-bin}):
     * {@code data_batch_1.bin} … {@code data_batch_5.bin} and {@code test_batch.bin}.
     */
    record Cifar10Directory(Path dir) implements DataSource {
        public Cifar10Directory {
            if (dir == null) {
                throw new IllegalArgumentException("CIFAR-10 directory missing");
            }
        }
    }

    /** Short name for data set names and reports: the bundled name or the directory's name. */
    default String shortName() {
        return switch (this) {
            case Bundled b -> b.name();
            case IdxDirectory d -> lastName(d.dir());
            case Cifar10Directory d -> lastName(d.dir());
        };
    }

    /**
     * The source as a string that {@link #parse} reads back: {@code bundled:mnist-10k},
     * {@code idx:DIR} or {@code cifar10:DIR}; for provenance records.
     */
    default String spec() {
        return switch (this) {
            case Bundled b -> "bundled:" + b.name();
            case IdxDirectory d -> "idx:" + d.dir();
            case Cifar10Directory d -> "cifar10:" + d.dir();
        };
    }

    /**
     * Parses {@link #spec()}'s form; a bare bundled name ({@code mnist-10k}) is accepted too.
     *
     * @throws IllegalArgumentException for an unknown form or bundled name
     */
    static DataSource parse(String spec) {
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? "bundled" : spec.substring(0, colon);
        String argument = colon < 0 ? spec : spec.substring(colon + 1);
        return switch (kind) {
            case "bundled" -> {
                if (!Bundled.NAMES.contains(argument)) {
                    throw new IllegalArgumentException("no bundled data set '" + argument + "'; the bundled ones are "
                            + String.join(
                                    ", ",
                                    Bundled.NAMES.stream()
                                            .map(n -> "bundled:" + n)
                                            .toList()));
                }
                yield new Bundled(argument);
            }
            case "idx" -> new IdxDirectory(folder(kind, argument));
            case "cifar10" -> new Cifar10Directory(folder(kind, argument));
            default ->
                throw new IllegalArgumentException(
                        "unknown data source '" + spec
                                + "'; expected bundled:mnist-10k, idx:DIR (MNIST-format files) or cifar10:DIR (CIFAR-10 binary)");
        };
    }

    private static Path folder(String kind, String argument) {
        if (argument.isBlank()) {
            throw new IllegalArgumentException(kind + ": needs a folder, e.g. " + kind + ":data/" + kind);
        }
        return Path.of(argument); // InvalidPathException is an IllegalArgumentException naming the path
    }

    private static String lastName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }
}
