package org.sparseeoc.nn;

import java.util.List;
import java.util.TreeSet;

/**
 * A vanilla deep CNN: channels-first images [channelsIn × height × width] → {@code depth} k×k
 * convolutions to {@code channels} maps (zero padding {@code padding}; stride 2 at the hidden layers
 * listed in {@code downsample}, else 1), each followed by the activation → global average pooling
 * over the last layer's Ho×Wo positions → a linear readout to {@code classes} logits.
 *
 * <p>Maps are numbered 0..depth (map {@code depth} is the readout). Parameter layout, one contiguous
 * float buffer: for each map l in order, W_l then b_l, with W_l [channels × inChannels(l)·k·k]
 * (each filter laid out [C_in, k, k], as {@code Ops.im2col} unfolds patches) and b_l [channels]
 * for a convolution, and W [classes × channels], b [classes] for the readout.
 *
 * <p>Output size per layer as in PyTorch: Ho = ⌊(H + 2·padding − k)/stride⌋ + 1.
 *
 * @param downsample the hidden layers (0-based, ascending, distinct) that use stride 2
 */
public record CnnShape(
        int channelsIn,
        int height,
        int width,
        int channels,
        int depth,
        int kernel,
        int padding,
        List<Integer> downsample,
        int classes)
        implements NetworkShape {

    public CnnShape {
        if (channelsIn < 1 || height < 1 || width < 1 || channels < 1 || depth < 1 || kernel < 1 || classes < 2) {
            throw new IllegalArgumentException(
                    "CNN needs channelsIn, height, width, channels, depth, kernel >= 1 and classes >= 2, got "
                            + channelsIn + ", " + height + ", " + width + ", " + channels + ", " + depth + ", "
                            + kernel + ", " + classes);
        }
        if (padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException(
                    "padding must lie in [0, kernel - 1] = [0, " + (kernel - 1) + "], got " + padding);
        }
        downsample = List.copyOf(downsample);
        if (!downsample.equals(List.copyOf(new TreeSet<>(downsample)))) {
            throw new IllegalArgumentException("downsample layers must be ascending and distinct, got " + downsample);
        }
        for (int layer : downsample) {
            if (layer < 0 || layer >= depth) {
                throw new IllegalArgumentException(
                        "downsample layer " + layer + " is not a hidden layer in [0, " + (depth - 1) + "]");
            }
        }
        int h = height;
        int w = width;
        for (int l = 0; l < depth; l++) {
            int stride = downsample.contains(l) ? 2 : 1;
            h = outSize(h, kernel, stride, padding);
            w = outSize(w, kernel, stride, padding);
            if (h < 1 || w < 1) {
                throw new IllegalArgumentException("layer " + l + " of the CNN has no output: a " + kernel + "x"
                        + kernel + " kernel with padding " + padding + " does not fit its input; use fewer"
                        + " downsampling layers or more padding");
            }
        }
        long count = 0;
        for (int l = 0; l < depth; l++) {
            int in = l == 0 ? channelsIn : channels;
            count += (long) channels * in * kernel * kernel + channels;
        }
        count += (long) classes * channels + classes;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("CNN has " + count + " parameters; at most 2^31 - 1 supported");
        }
        if ((long) channelsIn * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input images of " + channelsIn + "x" + height + "x" + width
                    + " are too large; at most 2^31 - 1 values supported");
        }
    }

    private static int outSize(int size, int kernel, int stride, int padding) {
        int span = size + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    @Override
    public int inputs() {
        return channelsIn * height * width;
    }

    /** Number of linear maps (convolutions + readout). */
    public int maps() {
        return depth + 1;
    }

    /** Stride of hidden layer l (2 if downsampling, else 1). */
    public int stride(int layer) {
        checkLayer(layer);
        return downsample.contains(layer) ? 2 : 1;
    }

    /** Input channels of hidden layer l. */
    public int inChannels(int layer) {
        checkLayer(layer);
        return layer == 0 ? channelsIn : channels;
    }

    /** Input height of hidden layer l. */
    public int inHeight(int layer) {
        checkLayer(layer);
        return layer == 0 ? height : outHeight(layer - 1);
    }

    /** Input width of hidden layer l. */
    public int inWidth(int layer) {
        checkLayer(layer);
        return layer == 0 ? width : outWidth(layer - 1);
    }

    /** Output height Ho of hidden layer l. */
    public int outHeight(int layer) {
        checkLayer(layer);
        int h = height;
        for (int l = 0; l <= layer; l++) {
            h = outSize(h, kernel, stride(l), padding);
        }
        return h;
    }

    /** Output width Wo of hidden layer l. */
    public int outWidth(int layer) {
        checkLayer(layer);
        int w = width;
        for (int l = 0; l <= layer; l++) {
            w = outSize(w, kernel, stride(l), padding);
        }
        return w;
    }

    /** Output positions Ho·Wo of hidden layer l. */
    public int positions(int layer) {
        return outHeight(layer) * outWidth(layer);
    }

    @Override
    public int hiddenUnits(int layer) {
        return channels * positions(layer);
    }

    /** Positions the global average pool averages over (those of the last hidden layer). */
    public int poolPositions() {
        return positions(depth - 1);
    }

    /** Weights per output of map l: inChannels(l)·k·k for a convolution, channels for the readout. */
    @Override
    public int fanIn(int map) {
        checkMap(map);
        return map == depth ? channels : inChannels(map) * kernel * kernel;
    }

    /** Outputs map l feeds per input, for Glorot: channels·k·k for a convolution, classes for the readout. */
    public int fanOut(int map) {
        checkMap(map);
        return map == depth ? classes : channels * kernel * kernel;
    }

    /** Output rows of W_l: channels for a convolution, classes for the readout. */
    @Override
    public int outputs(int map) {
        checkMap(map);
        return map == depth ? classes : channels;
    }

    /** Offset of W_l in the parameter buffer. */
    @Override
    public long weightOffset(int map) {
        checkMap(map);
        long offset = 0;
        for (int i = 0; i < map; i++) {
            offset += (long) outputs(i) * fanIn(i) + outputs(i);
        }
        return offset;
    }

    /** Offset of b_l in the parameter buffer. */
    @Override
    public long biasOffset(int map) {
        return weightOffset(map) + (long) outputs(map) * fanIn(map);
    }

    @Override
    public int parameterCount() {
        return (int) (biasOffset(depth) + classes);
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= depth) {
            throw new IndexOutOfBoundsException("hidden layer " + layer + " of " + depth);
        }
    }

    private void checkMap(int map) {
        if (map < 0 || map > depth) {
            throw new IndexOutOfBoundsException("map " + map + " of " + maps());
        }
    }
}
