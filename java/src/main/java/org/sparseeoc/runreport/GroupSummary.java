package org.sparseeoc.runreport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runs of one group aggregated over seeds.
 *
 * <p>Convention: the accuracy and sparsity statistics are over the runs that <em>completed</em>.
 * A diverged run has no meaningful final accuracy (training stopped at a non-finite loss or an
 * exploding layer), so it only counts towards {@link #divergedFraction} = diverged / (completed +
 * diverged); incomplete runs (no summary yet) are counted but enter no statistic. The std is the
 * sample standard deviation (n − 1 in the denominator), NaN for fewer than two runs.
 *
 * @param completed runs that finished every epoch
 * @param diverged runs that diverged
 * @param incomplete runs still in progress (or killed before writing a summary)
 * @param accuracy final test accuracy over completed runs
 * @param trainZeros mean (over layers) fraction of exact zeros on training batches, over completed runs
 * @param testZeros the same on test data
 * @param curve mean test accuracy against epoch over completed runs, at the epochs all of them
 *     recorded
 * @param layers per hidden layer: mean final test zeros and variance over completed runs
 */
record GroupSummary(
        RunGroup group,
        int completed,
        int diverged,
        int incomplete,
        Stats accuracy,
        Stats trainZeros,
        Stats testZeros,
        RunRecord.Curve curve,
        List<LayerMean> layers) {

    /** Mean, sample std, min and max of a list of values (NaN when empty). */
    record Stats(int n, double mean, double std, double min, double max) {
        static Stats of(List<Double> values) {
            int n = values.size();
            if (n == 0) {
                return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / n;
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            double std = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
            return new Stats(n, mean, std, min, max);
        }
    }

    /** One hidden layer's mean final test zeros and pre-activation variance. */
    record LayerMean(int layer, double testZeros, double testVariance) {}

    GroupSummary {
        layers = List.copyOf(layers);
    }

    /** All the runs; the ended ones. */
    int runs() {
        return completed + diverged + incomplete;
    }

    /** Diverged over ended runs; NaN when none has ended. */
    double divergedFraction() {
        int ended = completed + diverged;
        return ended == 0 ? Double.NaN : (double) diverged / ended;
    }

    /** Aggregates runs that all belong to {@code group}. */
    static GroupSummary of(RunGroup group, List<RunRecord> runs) {
        List<RunRecord> done = runs.stream()
                .filter(r -> r.state() == RunRecord.State.COMPLETED)
                .toList();
        int diverged = (int)
                runs.stream().filter(r -> r.state() == RunRecord.State.DIVERGED).count();
        int incomplete = (int) runs.stream()
                .filter(r -> r.state() == RunRecord.State.INCOMPLETE)
                .count();
        return new GroupSummary(
                group,
                done.size(),
                diverged,
                incomplete,
                Stats.of(done.stream().map(r -> r.end().testAccuracy()).toList()),
                Stats.of(done.stream().map(r -> r.end().meanTrainZeros()).toList()),
                Stats.of(done.stream().map(r -> r.end().meanTestZeros()).toList()),
                meanCurve(done),
                meanLayers(done));
    }

    /** Groups {@code runs} and aggregates each group, in {@link RunGroup} order. */
    static List<GroupSummary> all(List<RunRecord> runs) {
        Map<RunGroup, List<RunRecord>> byGroup = new TreeMap<>();
        for (RunRecord run : runs) {
            byGroup.computeIfAbsent(run.group(), g -> new ArrayList<>()).add(run);
        }
        return byGroup.entrySet().stream()
                .map(e -> of(e.getKey(), e.getValue()))
                .toList();
    }

    /** Mean accuracy at each epoch that every run recorded (runs of a group share their metrics grid). */
    private static RunRecord.Curve meanCurve(List<RunRecord> runs) {
        List<RunRecord> withCurve =
                runs.stream().filter(r -> r.curve().epoch().length > 0).toList();
        Map<Double, List<Double>> byEpoch = new LinkedHashMap<>();
        for (RunRecord run : withCurve) {
            for (int i = 0; i < run.curve().epoch().length; i++) {
                byEpoch.computeIfAbsent(run.curve().epoch()[i], e -> new ArrayList<>())
                        .add(run.curve().testAccuracy()[i]);
            }
        }
        List<Map.Entry<Double, List<Double>>> shared = byEpoch.entrySet().stream()
                .filter(e -> e.getValue().size() == withCurve.size())
                .sorted(Map.Entry.comparingByKey())
                .toList();
        double[] epoch = shared.stream().mapToDouble(Map.Entry::getKey).toArray();
        double[] mean =
                shared.stream().mapToDouble(e -> Stats.of(e.getValue()).mean()).toArray();
        return new RunRecord.Curve(epoch, mean);
    }

    /** Per layer index, the mean over runs that have that layer. */
    private static List<LayerMean> meanLayers(List<RunRecord> runs) {
        Map<Integer, List<RunRecord.Layer>> byLayer = new TreeMap<>();
        for (RunRecord run : runs) {
            for (RunRecord.Layer layer : run.end().layers()) {
                byLayer.computeIfAbsent(layer.layer(), l -> new ArrayList<>()).add(layer);
            }
        }
        List<LayerMean> out = new ArrayList<>();
        byLayer.forEach((index, layers) -> out.add(new LayerMean(
                index,
                Stats.of(layers.stream().map(RunRecord.Layer::testZeros).toList())
                        .mean(),
                Stats.of(layers.stream().map(RunRecord.Layer::testVariance).toList())
                        .mean())));
        return out;
    }
}
