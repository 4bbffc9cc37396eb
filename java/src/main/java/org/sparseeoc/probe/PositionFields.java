package org.sparseeoc.probe;

/**
 * A CNN layer's measured second moments per output position: each input's variance q_{n,p} = mean
 * over channels of z², and the covariance c_p = mean over the input pairs (2i, 2i+1) and channels of
 * z(a)·z(b), for z laid out [rows × positions × channels] (one row per example, position-major,
 * channel-minor, as {@code Cnn.preActivations} returns it). These start {@link ConvTheory}'s
 * iteration.
 *
 * @param variance q_{n,p} [rows][positions]
 * @param covariance c_p [positions]; NaN with fewer than two rows
 */
record PositionFields(double[][] variance, double[] covariance) {
    PositionFields {
        variance = deepCopy(variance);
        covariance = covariance.clone();
    }

    static PositionFields of(float[] z, int rows, int positions, int channels) {
        if ((long) rows * positions * channels != z.length) {
            throw new IllegalArgumentException(
                    "z has " + z.length + " values, expected " + rows + " x " + positions + " x " + channels);
        }
        int unitsPerRow = positions * channels;
        double[][] q = new double[rows][positions];
        double[] c = new double[positions];
        for (int r = 0; r < rows; r++) {
            for (int p = 0; p < positions; p++) {
                int at = r * unitsPerRow + p * channels;
                double sum = 0;
                for (int ch = 0; ch < channels; ch++) {
                    double v = z[at + ch];
                    sum += v * v;
                }
                q[r][p] = sum / channels;
            }
        }
        int pairs = rows / 2;
        for (int i = 0; i < pairs; i++) {
            int a = 2 * i * unitsPerRow;
            int b = a + unitsPerRow;
            for (int u = 0; u < unitsPerRow; u++) {
                c[u / channels] += (double) z[a + u] * z[b + u];
            }
        }
        for (int p = 0; p < positions; p++) {
            c[p] = pairs == 0 ? Double.NaN : c[p] / ((double) pairs * channels);
        }
        return new PositionFields(q, c);
    }

    @Override
    public double[][] variance() {
        return deepCopy(variance);
    }

    private static double[][] deepCopy(double[][] fields) {
        double[][] copy = new double[fields.length][];
        for (int n = 0; n < fields.length; n++) {
            copy[n] = fields[n].clone();
        }
        return copy;
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }
}
