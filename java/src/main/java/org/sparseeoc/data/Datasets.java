package org.sparseeoc.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Loads a train/test {@link Split} from a {@link DataSource}. */
public final class Datasets {
    /** MNIST-format labels are classes 0..9. */
    static final int IDX_CLASSES = 10;

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private static final String IDX_NEEDS =
            "an IDX data set directory needs the four MNIST-format files " + TRAIN_IMAGES
                    + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + " and " + TEST_LABELS
                    + ", each gzip or raw, with or without .gz (e.g. from MNIST or Fashion-MNIST)";
    private static final String CIFAR_NEEDS =
            "a CIFAR-10 directory needs data_batch_1.bin ... data_batch_5.bin and test_batch.bin from the binary "
                    + "version (cifar-10-binary.tar.gz, extracted: cifar-10-batches-bin)";

    private Datasets() {}

    /** The whole train and test sets. */
    public static Split load(DataSource source) {
        return load(source, Limits.NONE);
    }

    /**
     * The first {@code limits.train()} train and {@code limits.test()} test examples, in file order.
     *
     * @throws DatasetException when a file is missing, unreadable, corrupt or inconsistent
     */
    public static Split load(DataSource source, Limits limits) {
        String name = source.shortName();
        return switch (source) {
            case DataSource.Bundled b ->
                loadIdx(name, file -> DataFile.openResource(b.name() + "/" + file + ".gz"), limits);
            case DataSource.IdxDirectory d -> {
                requireDirectory(d.dir(), IDX_NEEDS);
                yield loadIdx(name, file -> DataFile.open(idxFile(d.dir(), file)), limits);
            }
            case DataSource.Cifar10Directory d -> loadCifar10(name, d.dir(), limits);
        };
    }

    private static Split loadIdx(String name, Function<String, DataFile> opener, Limits limits) {
        Loaded train = loadIdxSplit(name + "/train", opener, TRAIN_IMAGES, TRAIN_LABELS, limits.train());
        Loaded test = loadIdxSplit(name + "/test", opener, TEST_IMAGES, TEST_LABELS, limits.test());
        if (!train.data().sameShape(test.data())) {
            throw new DatasetException(
                    test.imagesFile(),
                    "images of " + test.data().height() + "x" + test.data().width() + " but " + train.imagesFile()
                            + " holds " + train.data().height() + "x"
                            + train.data().width()
                            + "; both splits must come from the same data set");
        }
        return new Split(train.data(), test.data());
    }

    /** A split as read, with the name of its images file for messages. */
    private record Loaded(Dataset data, String imagesFile) {}

    private static Loaded loadIdxSplit(
            String name, Function<String, DataFile> opener, String imagesFile, String labelsFile, int limit) {
        IdxReader.Images images;
        String imagesName;
        try (DataFile file = opener.apply(imagesFile)) {
            imagesName = file.name();
            images = IdxReader.readImages(file);
        }
        try (DataFile file = opener.apply(labelsFile)) {
            byte[] labels = IdxReader.readLabels(file, IDX_CLASSES);
            if (labels.length != images.count()) {
                throw new DatasetException(
                        file.name(),
                        labels.length + " labels but " + imagesName + " holds " + images.count()
                                + " images; both files must come from the same split of the same data set");
            }
            Dataset full = new Dataset(name, 1, images.rows(), images.cols(), IDX_CLASSES, images.pixels(), labels);
            return new Loaded(full.first(limit), imagesName);
        }
    }

    /** The IDX file {@code base} in {@code dir}: raw name first, then with .gz. */
    private static Path idxFile(Path dir, String base) {
        for (String candidate : new String[] {base, base + ".gz"}) {
            Path path = dir.resolve(candidate);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new DatasetException(dir.resolve(base) + "[.gz]", "missing; " + IDX_NEEDS);
    }

    private static Split loadCifar10(String name, Path dir, Limits limits) {
        requireDirectory(dir, CIFAR_NEEDS);
        List<Path> trainFiles = new ArrayList<>();
        for (String file : Cifar10Reader.TRAIN_FILES) {
            trainFiles.add(requireFile(dir.resolve(file)));
        }
        Path testFile = requireFile(dir.resolve(Cifar10Reader.TEST_FILE));
        // Batches are read in order only until the train limit is met: a quick run on the first
        // 5,000 examples reads one file, not five.
        List<Cifar10Reader.Batch> batches = new ArrayList<>();
        long have = 0;
        for (Path path : trainFiles) {
            if (have >= limits.train()) {
                break;
            }
            Cifar10Reader.Batch batch = readCifar(path);
            batches.add(batch);
            have += batch.count();
        }
        Dataset train = concatenate(name + "/train", batches, limits.train(), dir);
        Dataset test = concatenate(name + "/test", List.of(readCifar(testFile)), limits.test(), dir);
        return new Split(train, test);
    }

    private static Cifar10Reader.Batch readCifar(Path path) {
        try (DataFile file = DataFile.open(path)) {
            return Cifar10Reader.read(file);
        }
    }

    private static Dataset concatenate(String name, List<Cifar10Reader.Batch> batches, int limit, Path dir) {
        long total = 0;
        for (Cifar10Reader.Batch batch : batches) {
            total += batch.count();
        }
        int count = (int) Math.min(total, limit);
        if ((long) count * Cifar10Reader.PIXELS > Dataset.MAX_ARRAY) {
            throw new DatasetException(
                    dir.toString(), count + " examples are too many to hold in memory; set a limit on the examples");
        }
        byte[] pixels = new byte[count * Cifar10Reader.PIXELS];
        byte[] labels = new byte[count];
        int filled = 0;
        for (Cifar10Reader.Batch batch : batches) {
            int take = Math.min(batch.count(), count - filled);
            System.arraycopy(batch.pixels(), 0, pixels, filled * Cifar10Reader.PIXELS, take * Cifar10Reader.PIXELS);
            System.arraycopy(batch.labels(), 0, labels, filled, take);
            filled += take;
        }
        return new Dataset(
                name,
                Cifar10Reader.CHANNELS,
                Cifar10Reader.SIDE,
                Cifar10Reader.SIDE,
                Cifar10Reader.CLASSES,
                pixels,
                labels);
    }

    private static void requireDirectory(Path dir, String needs) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(
                    dir.toString(), (Files.exists(dir) ? "not a directory; " : "no such directory; ") + needs);
        }
    }

    private static Path requireFile(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new DatasetException(path.toString(), "missing; " + CIFAR_NEEDS);
        }
        return path;
    }
}
