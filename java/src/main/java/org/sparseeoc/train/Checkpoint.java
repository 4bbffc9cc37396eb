package org.sparseeoc.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.sparseeoc.backend.BackendInfo;
import org.sparseeoc.report.AtomicFile;

/**
 * Everything needed to continue a run exactly: the position in the data order, the parameters, the
 * optimizer's state arrays and step count, and the metrics history so far (JSON lines, so a resumed
 * run's metrics files are rewritten to exactly what an uninterrupted run would have).
 *
 * <p>File format (big-endian framing, little-endian floats): magic {@code SEOCCKPT}, version, the
 * position fields, the metrics text, then each float array as (length, values), and a CRC-32 of
 * all preceding bytes. Written atomically (temp file + rename), so a crash leaves the previous
 * checkpoint intact. The data order needs no RNG state: it is a pure function of (seed, epoch).
 *
 * @param epoch 0-based epoch to continue in
 * @param stepInEpoch batches of that epoch already done
 * @param globalStep optimizer steps done in the whole run
 * @param backend the backend and its thread count ({@link #backendOf}); results are bit-exact only on
 *     the same one, so a resume checks it
 * @param running training loss and accuracy accumulated since the last metrics row
 * @param parameters the network's parameters
 * @param optimizerState the optimizer's state arrays (velocity; or first and second moments)
 * @param metricsLines metrics rows written so far, one JSON object per line
 */
public record Checkpoint(
        int epoch,
        int stepInEpoch,
        long globalStep,
        String backend,
        RunningTotals running,
        float[] parameters,
        List<float[]> optimizerState,
        String metricsLines) {
    private static final byte[] MAGIC = "SEOCCKPT".getBytes(StandardCharsets.US_ASCII);
    /** 3: MLP weights stored transposed (MlpShape); version-2 MLP parameters would load permuted. */
    private static final int VERSION = 3;

    public Checkpoint {
        if (epoch < 0 || stepInEpoch < 0 || globalStep < 0) {
            throw new IllegalArgumentException("negative position in checkpoint");
        }
        optimizerState = List.copyOf(optimizerState);
    }

    /** Writes {@code checkpoint} to {@code file} atomically. */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        AtomicFile.write(file, out -> {
            CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32());
            DataOutputStream data = new DataOutputStream(checked);
            data.write(MAGIC);
            data.writeInt(VERSION);
            data.writeInt(checkpoint.epoch);
            data.writeInt(checkpoint.stepInEpoch);
            data.writeLong(checkpoint.globalStep);
            data.writeUTF(checkpoint.backend);
            data.writeDouble(checkpoint.running.lossSum());
            data.writeLong(checkpoint.running.correct());
            data.writeLong(checkpoint.running.examples());
            byte[] metrics = checkpoint.metricsLines.getBytes(StandardCharsets.UTF_8);
            data.writeInt(metrics.length);
            data.write(metrics);
            data.writeInt(1 + checkpoint.optimizerState.size());
            writeFloats(data, checkpoint.parameters);
            for (float[] state : checkpoint.optimizerState) {
                writeFloats(data, state);
            }
            data.flush();
            data.writeLong(checked.getChecksum().getValue());
            data.flush();
        });
    }

    /**
     * Reads a checkpoint; a missing, truncated or corrupt file gives a one-line {@link IOException}
     * naming it.
     */
    public static Checkpoint read(Path file) throws IOException {
        long fileSize;
        try {
            fileSize = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no checkpoint there", e);
        }
        try (InputStream raw = Files.newInputStream(file)) {
            CheckedInputStream checked = new CheckedInputStream(new BufferedInputStream(raw), new CRC32());
            DataInputStream data = new DataInputStream(checked);
            byte[] magic = data.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + ": not a sparse-eoc checkpoint (bad magic)");
            }
            int version = data.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": checkpoint version " + version + ", this build reads only " + VERSION
                        + " (the parameter layout changed); start the run again from its spec");
            }
            int epoch = data.readInt();
            int stepInEpoch = data.readInt();
            long globalStep = data.readLong();
            String backend = data.readUTF();
            RunningTotals running = new RunningTotals(data.readDouble(), data.readLong(), data.readLong());
            String metrics = new String(readBytes(data, data.readInt(), fileSize, file), StandardCharsets.UTF_8);
            int arrays = data.readInt();
            if (arrays < 1 || arrays > 16) {
                throw new IOException(file + ": corrupt checkpoint (" + arrays + " arrays)");
            }
            float[] parameters = readFloats(data, fileSize, file);
            float[][] state = new float[arrays - 1][];
            for (int i = 0; i < state.length; i++) {
                state[i] = readFloats(data, fileSize, file);
            }
            long expected = checked.getChecksum().getValue();
            long stored = data.readLong(); // read after taking the checksum of what precedes it
            if (stored != expected) {
                throw new IOException(file + ": corrupt checkpoint (checksum mismatch)");
            }
            return new Checkpoint(
                    epoch, stepInEpoch, globalStep, backend, running, parameters, List.of(state), metrics);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no checkpoint there", e);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated checkpoint", e);
        }
    }

    /** What a checkpoint records of a backend: its name and thread count, e.g. {@code cpu threads=2}. */
    public static String backendOf(BackendInfo info) {
        return info.name() + " threads=" + info.threads();
    }

    private static void writeFloats(DataOutputStream data, float[] values) throws IOException {
        data.writeInt(values.length);
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        data.write(bytes.array());
    }

    private static float[] readFloats(DataInputStream data, long fileSize, Path file) throws IOException {
        int length = data.readInt();
        if (length < 0) {
            throw new IOException(file + ": corrupt checkpoint (negative array length)");
        }
        byte[] bytes = readBytes(data, 4L * length, fileSize, file);
        float[] values = new float[length];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    /** Reads {@code length} bytes; a length beyond the file's size is corruption, caught before allocating. */
    private static byte[] readBytes(DataInputStream data, long length, long fileSize, Path file) throws IOException {
        if (length < 0 || length > fileSize || length > Integer.MAX_VALUE - 8) {
            throw new IOException(file + ": corrupt checkpoint (length " + length + ")");
        }
        byte[] bytes = new byte[(int) length];
        data.readFully(bytes);
        return bytes;
    }
}
