package org.sparseeoc.data;

import java.nio.ByteBuffer;

/**
 * Reads MNIST-format IDX files: a big-endian header (magic 0x00000803 for unsigned-byte images of
 * three dimensions, 0x00000801 for unsigned-byte labels of one, then the dimensions as 32-bit
 * integers) followed by the values. The file must hold exactly the bytes its header announces:
 * fewer means a truncated download, more means a corrupt or foreign file.
 */
final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {}

    /** Images as read: count × rows × cols unsigned bytes, row-major per image. */
    record Images(int count, int rows, int cols, byte[] pixels) {}

    static Images readImages(DataFile file) {
        int[] dims = header(file, IMAGES_MAGIC, 3, "images");
        int count = dims[0];
        int rows = dims[1];
        int cols = dims[2];
        long perImage = (long) rows * cols;
        if (perImage > Dataset.MAX_ARRAY || perImage * count > Dataset.MAX_ARRAY) {
            throw new DatasetException(
                    file.name(),
                    "header says " + count + " images of " + rows + "x" + cols
                            + ", too many bytes for one array: the header is corrupt");
        }
        String claim = "header says " + count + " images of " + rows + "x" + cols;
        byte[] pixels = payload(file, perImage * count, claim);
        return new Images(count, rows, cols, pixels);
    }

    /** Labels as read, each checked to lie in 0..classes−1. */
    static byte[] readLabels(DataFile file, int classes) {
        int count = header(file, LABELS_MAGIC, 1, "labels")[0];
        byte[] labels = payload(file, count, "header says " + count + " labels");
        for (int i = 0; i < labels.length; i++) {
            int label = Byte.toUnsignedInt(labels[i]);
            if (label >= classes) {
                throw new DatasetException(
                        file.name(),
                        "label " + label + " of example " + i + " is outside 0.." + (classes - 1)
                                + ": not an MNIST-format label file of " + classes + " classes, or corrupt");
            }
        }
        return labels;
    }

    private static int[] header(DataFile file, int magic, int rank, String what) {
        int size = 4 * (1 + rank);
        byte[] bytes = file.readUpTo(size);
        if (bytes.length < 4) {
            throw new DatasetException(
                    file.name(),
                    (bytes.length == 0 ? "empty" : "only " + bytes.length + " bytes long")
                            + ": not an IDX file, or truncated; download it again");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes); // big-endian, as IDX is
        int found = header.getInt();
        if (found != magic) {
            throw new DatasetException(file.name(), wrongMagic(found, magic, what));
        }
        if (bytes.length < size) {
            throw new DatasetException(
                    file.name(),
                    "the IDX header is cut short (" + bytes.length + " of " + size + " bytes): the file is truncated; "
                            + "download it again");
        }
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
            dims[d] = header.getInt();
            if (dims[d] < 1) {
                throw new DatasetException(
                        file.name(),
                        "IDX dimension " + d + " is " + dims[d] + " but must be >= 1: the header is corrupt");
            }
        }
        return dims;
    }

    private static String wrongMagic(int found, int expected, String what) {
        int type = (found >>> 8) & 0xFF;
        int rank = found & 0xFF;
        boolean idx = (found >>> 16) == 0 && (type == 0x08 || type == 0x09 || (type >= 0x0B && type <= 0x0E));
        String hint;
        if (found == LABELS_MAGIC) {
            hint = "this is a label file; are the file names swapped?";
        } else if (found == IMAGES_MAGIC) {
            hint = "this is an image file; are the file names swapped?";
        } else if (idx && type != 0x08) {
            hint = "an IDX file of another value type (MNIST-format files hold unsigned bytes, type 0x08)";
        } else if (idx) {
            hint = "an IDX file of " + rank + " dimensions (MNIST-format " + what + " have " + (expected & 0xFF) + ")";
        } else {
            hint = "not an IDX file; expected an MNIST-format file (e.g. from MNIST or Fashion-MNIST)";
        }
        return String.format("magic number 0x%08X where IDX %s need 0x%08X: %s", found, what, expected, hint);
    }

    /** Exactly {@code bytes} bytes to the end of the file, or an error saying which way it is off. */
    private static byte[] payload(DataFile file, long bytes, String claim) {
        byte[] data = file.readUpTo(bytes);
        if (data.length < bytes) {
            throw new DatasetException(
                    file.name(),
                    claim + " (" + bytes + " bytes after the header) but the file holds only " + data.length
                            + ": truncated or corrupt; download it again");
        }
        long extra = file.remaining();
        if (extra > 0) {
            throw new DatasetException(
                    file.name(),
                    claim + " (" + bytes + " bytes after the header) but " + extra
                            + " more bytes follow: corrupt, or not an MNIST-format file");
        }
        return data;
    }
}
