package org.sparseeoc.data;

import java.util.SplittableRandom;

/**
 * The order in which an epoch visits the training examples: a uniform random permutation of
 * 0..count−1 that depends only on (seed, epoch). Each epoch starts from the identity and shuffles
 * it with Fisher–Yates, drawing from a {@link SplittableRandom} seeded with a hash of (seed, epoch),
 * so an epoch's order never depends on the epochs before it and a run resumed at any epoch sees
 * the order it would have seen.
 *
 * <p>The derivation below is part of every run's reproducibility: changing it changes which
 * batches a recorded seed stands for. A test pins one permutation.
 *
 * @param count number of examples, ≥ 1
 * @param seed the run's seed
 */
public record EpochOrder(int count, long seed) {
    public EpochOrder {
        if (count < 1) {
            throw new IllegalArgumentException("need at least 1 example, got " + count);
        }
    }

    /** The order of {@code epoch}, newly allocated. */
    public int[] permutation(int epoch) {
        int[] order = new int[count];
        permutation(epoch, order);
        return order;
    }

    /** Writes the order of {@code epoch} into {@code out[0..count)}, allocating nothing. */
    public void permutation(int epoch, int[] out) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (out.length < count) {
            throw new IllegalArgumentException("need room for " + count + " indices, got " + out.length);
        }
        for (int i = 0; i < count; i++) {
            out[i] = i;
        }
        SplittableRandom random = new SplittableRandom(streamSeed(seed, epoch));
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = out[i];
            out[i] = out[j];
            out[j] = swap;
        }
    }

    /**
     * The generator seed of an epoch. SplittableRandom(s + γ) replays SplittableRandom(s) shifted by
     * one draw (γ its fixed increment), so seeds seed + epoch or seed + epoch·γ would give adjacent
     * epochs nearly the same shuffle; both inputs go through a 64-bit finaliser instead.
     */
    static long streamSeed(long seed, int epoch) {
        return mix64(mix64(seed) ^ mix64(0x5DEECE66DL + epoch));
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: a bijection that mixes every bit. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
