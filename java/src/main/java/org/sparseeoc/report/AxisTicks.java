package org.sparseeoc.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and labels of one axis. Linear axes step by 1, 2 or 5 times a power of ten, the
 * one nearest (in ratio) to the range over the wanted number of ticks; logarithmic axes tick at whole
 * decades, or at 1, 2 and 5 times a power of ten when the range holds fewer than three decades.
 */
record AxisTicks(List<Double> values, List<String> labels) {
    private static final double[] STEPS = {1, 2, 5, 10};
    private static final double[] LOG_MANTISSAS = {1, 2, 5};

    AxisTicks {
        values = List.copyOf(values);
        labels = List.copyOf(labels);
        if (values.size() != labels.size()) {
            throw new IllegalArgumentException(values.size() + " ticks but " + labels.size() + " labels");
        }
    }

    /**
     * Ticks over range {min, max} (min < max; min > 0 when log), about {@code wanted} of them; with
     * {@code integers}, a linear axis steps by at least 1 (layer indices, counts).
     */
    static AxisTicks of(double[] range, boolean log, int wanted, boolean integers) {
        if (log) {
            AxisTicks decades = logTicks(range, new double[] {1});
            if (decades.values().size() >= 3) {
                return decades;
            }
            AxisTicks fine = logTicks(range, LOG_MANTISSAS);
            if (fine.values().size() >= 2) {
                return fine;
            }
        }
        return linearTicks(range, wanted, integers);
    }

    private static AxisTicks linearTicks(double[] range, int wanted, boolean integers) {
        double raw = (range[1] - range[0]) / Math.max(1, wanted);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : STEPS) {
            if (Math.abs(Math.log(m * magnitude / raw)) < Math.abs(Math.log(step / raw))) {
                step = m * magnitude;
            }
        }
        if (integers) {
            step = Math.max(1, step);
        }
        List<Double> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        // Whole multiples of the step, so that labels are round numbers (k * step, k an integer).
        for (long k = (long) Math.ceil(range[0] / step - 1e-9); k * step <= range[1] + 1e-9 * step; k++) {
            double v = k * step;
            values.add(v);
            labels.add(label(BigDecimal.valueOf(k).multiply(new BigDecimal(Double.toString(step)))));
        }
        return new AxisTicks(values, labels);
    }

    private static AxisTicks logTicks(double[] range, double[] mantissas) {
        List<Double> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int first = (int) Math.floor(Math.log10(range[0]));
        int last = (int) Math.ceil(Math.log10(range[1]));
        for (int e = first; e <= last; e++) {
            for (double m : mantissas) {
                double v = m * Math.pow(10, e);
                if (v >= range[0] * (1 - 1e-12) && v <= range[1] * (1 + 1e-12)) {
                    values.add(v);
                    labels.add(
                            e >= -3 && e <= 4
                                    ? label(new BigDecimal(Double.toString(m)).scaleByPowerOfTen(e))
                                    : String.format(Locale.ROOT, "%de%d", (int) m, e));
                }
            }
        }
        return new AxisTicks(values, labels);
    }

    private static String label(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.signum() == 0) {
            return "0";
        }
        // Plain notation for everyday magnitudes, scientific beyond (1e-05, 2.5e+06 style avoided).
        double abs = Math.abs(stripped.doubleValue());
        if (abs >= 1e-4 && abs < 1e6) {
            return stripped.toPlainString();
        }
        return stripped.toString().replace("E+", "e").replace("E", "e");
    }
}
