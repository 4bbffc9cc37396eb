package org.sparseeoc.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sparseeoc.backend.cpu.CpuOps;
import org.sparseeoc.experiment.DataBatches;
import org.sparseeoc.experiment.ExperimentRunner;
import org.sparseeoc.experiment.ExperimentSpec;
import org.sparseeoc.nn.CnnShape;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.Initializer;
import org.sparseeoc.nn.MlpShape;
import org.sparseeoc.nn.Network;
import org.sparseeoc.nn.NetworkShape;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.MeanFieldMaps;

/**
 * Builds the spec's network at initialisation (the parameters training would start from), pushes K
 * inputs of each requested kind through the CPU backend's forward pass, and measures every hidden
 * layer against the mean-field iteration started from the measured first layer: {@link
 * TheoryCurve} for an MLP, {@link ConvTheory}'s position-wise fields for a CNN.
 */
public final class Probe {
    /** Seed stream of the Gaussian inputs, derived from the spec's seed like the run's streams. */
    static final long GAUSSIAN_STREAM = 0x5EED0F9A055A1A17L;

    private Probe() {}

    /** Probes {@code spec} (model as given: apply --width/--depth as spec overrides first). */
    public static List<ProbeResult> run(ExperimentSpec spec, ProbeOptions options) {
        ExperimentRunner.Prepared prepared = ExperimentRunner.Prepared.of(spec);
        NetworkShape shape = prepared.shape();
        EocInit eoc = prepared.eoc();
        InitScheme scheme = spec.init().scheme();
        WeightDistribution weights = spec.init().weights();
        MeanFieldMaps maps = hiddenMaps(eoc, scheme, shape);
        int rows = options.samples();
        List<ProbeResult> results = new ArrayList<>();
        try (CpuOps ops = new CpuOps();
                Network net = Network.create(ops, shape, eoc.activation(), rows)) {
            net.setParameters(Initializer.draw(shape, scheme, weights, eoc, ExperimentRunner.initSeed(spec)));
            for (InputKind kind : InputKind.values()) {
                if (!options.inputs().contains(kind)) {
                    continue;
                }
                float[] x = switch (kind) {
                    case DATA -> dataInputs(prepared.data(), spec.batchSize(), rows);
                    case GAUSSIAN -> gaussianInputs(shape, scheme, eoc, options, spec.seed() ^ GAUSSIAN_STREAM);
                };
                net.setBatch(x, new int[rows], rows);
                net.forward(rows);
                results.add(measure(
                        net,
                        kind,
                        rows,
                        maps,
                        weights,
                        spec.activation().sparsity(),
                        spec.divergence().maxVariance()));
            }
        }
        return results;
    }

    /**
     * The maps of the hidden-to-hidden layers as the scheme draws them: per-entry weight variance
     * w² = σ_w²/fan_in, so the map's σ_w² is w²·fan_in (the EoC value for the eoc scheme, 2 for He,
     * 1 for Glorot at equal fans). The fan-in of a hidden-to-hidden map is N for an MLP and C·k² for
     * a CNN.
     */
    static MeanFieldMaps hiddenMaps(EocInit eoc, InitScheme scheme, NetworkShape shape) {
        int fan = switch (shape) {
            case MlpShape mlp -> mlp.width();
            case CnnShape cnn -> cnn.channels() * cnn.kernel() * cnn.kernel();
        };
        return new MeanFieldMaps(
                eoc.activation(),
                scheme.weightVariance(eoc.weightVariance(), fan, fan) * fan,
                scheme.biasVariance(eoc.biasVariance()));
    }

    private static ProbeResult measure(
            Network net,
            InputKind kind,
            int rows,
            MeanFieldMaps maps,
            WeightDistribution weights,
            double sparsity,
            double maxVariance) {
        NetworkShape shape = net.shape();
        int depth = shape.depth();
        LayerMeasurement[] measured = new LayerMeasurement[depth];
        for (int l = 0; l < depth; l++) {
            measured[l] =
                    LayerMeasurement.of(net.preActivations(l, rows), rows, shape.hiddenUnits(l), net.activation());
        }
        TheoryCurve theory = switch (shape) {
            case MlpShape mlp -> TheoryCurve.iterate(maps, measured[0].q(), measured[0].rho(), depth);
            case CnnShape cnn -> {
                PositionFields first =
                        PositionFields.of(net.preActivations(0, rows), rows, cnn.positions(0), cnn.channels());
                yield ConvTheory.iterate(maps, cnn, weights, first.variance(), first.covariance());
            }
        };
        double[] q = theory.q();
        double[] zeros = theory.zeros();
        double[] clipped = theory.clipped();
        double[] rho = theory.rho();
        List<LayerRow> layers = new ArrayList<>(depth);
        for (int l = 0; l < depth; l++) {
            LayerMeasurement m = measured[l];
            layers.add(new LayerRow(l, m.q(), q[l], m.zeros(), zeros[l], m.clipped(), clipped[l], m.rho(), rho[l]));
        }
        return new ProbeResult(kind, layers, sparsity, maxVariance);
    }

    /** The first K training inputs in the fixed (unshuffled) order, exactly as training scales them. */
    private static float[] dataInputs(DataBatches data, int batchSize, int rows) {
        if (rows > data.trainCount()) {
            throw new IllegalArgumentException("--samples " + rows + " exceeds the " + data.trainCount()
                    + " training examples of the spec's data");
        }
        int features = data.features();
        float[] x = new float[rows * features];
        float[] batch = new float[batchSize * features];
        int[] labels = new int[batchSize];
        int filled = 0;
        for (int b = 0; filled < rows; b++) {
            int got = data.fixedTrainBatch(b, batchSize, batch, labels);
            int take = Math.min(got, rows - filled);
            System.arraycopy(batch, 0, x, filled * features, take * features);
            filled += take;
        }
        return x;
    }

    /**
     * K Gaussian inputs g·c with g ~ N(0, I): rows 2p and 2p+1 are g and ρ₀g + √(1−ρ₀²)g', so each
     * pair has input correlation ρ₀. The first layer's z = W·x + b then has variance c²·w²·f + σ_b²
     * (w² the first map's per-entry weight variance, f its fan-in: the input width of an MLP, C_in·k²
     * of a CNN, where positions whose window reads padding get less), and c is chosen to make it
     * startVariance·q*.
     */
    static float[] gaussianInputs(NetworkShape shape, InitScheme scheme, EocInit eoc, ProbeOptions options, long seed) {
        int n = shape.inputs();
        int[] fans = switch (shape) {
            case MlpShape mlp -> new int[] {mlp.inputs(), mlp.width()};
            case CnnShape cnn -> new int[] {cnn.fanIn(0), cnn.fanOut(0)};
        };
        double w2 = scheme.weightVariance(eoc.weightVariance(), fans[0], fans[1]);
        double bias = scheme.biasVariance(eoc.biasVariance());
        double q0 = options.startVariance() * eoc.qStar();
        if (!(q0 > bias)) {
            throw new IllegalArgumentException("--start-variance " + options.startVariance()
                    + " is too small: the biases alone give the first layer variance " + bias / eoc.qStar() + " q*");
        }
        double c = Math.sqrt((q0 - bias) / (w2 * fans[0]));
        double rho = options.inputCorrelation();
        double rest = Math.sqrt((1 - rho) * (1 + rho));
        SplittableRandom random = new SplittableRandom(seed);
        int rows = options.samples();
        float[] x = new float[rows * n];
        double[] first = new double[n]; // g of the pair's first row
        for (int r = 0; r < rows; r++) {
            boolean second = r % 2 == 1;
            for (int i = 0; i < n; i++) {
                double g = random.nextGaussian();
                double value = second ? rho * first[i] + rest * g : g;
                first[i] = second ? first[i] : g;
                x[r * n + i] = (float) (c * value);
            }
        }
        return x;
    }
}
