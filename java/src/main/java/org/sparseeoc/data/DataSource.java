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
        if (spec.startsWith("idx:") && spec.length() > 4) {
            return new IdxDirectory(Path.of(spec.substring(4)));
        }
        if (spec.startsWith("cifar10:") && spec.length() > 8) {
            return new Cifar10Directory(Path.of(spec.substring(8)));
        }
        String name = spec.startsWith("bundled:") ? spec.substring(8) : spec;
        if (Bundled.NAMES.contains(name)) {
            return new Bundled(name);
        }
        throw new IllegalArgumentException("unknown data source '" + spec + "'; expected "
                + String.join(", ", Bundled.NAMES) + ", idx:DIR (MNIST-format files) or cifar10:DIR (CIFAR-10 binary)");
    }

    private static String lastName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }
}
