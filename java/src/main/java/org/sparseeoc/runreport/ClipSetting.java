package org.sparseeoc.runreport;

import java.util.Comparator;
import java.util.Locale;

/**
 * The clip of a run as its spec gives it: none, relative m̃ (m = m̃·√q*) or absolute m. Kept as
 * given, so that runs with the same m̃ but different q* group together.
 */
record ClipSetting(Scale scale, double value) implements Comparable<ClipSetting> {
    /** How the clip value is expressed. */
    enum Scale {
        NONE,
        RELATIVE,
        ABSOLUTE
    }

    static final ClipSetting NONE = new ClipSetting(Scale.NONE, Double.NaN);

    private static final Comparator<ClipSetting> ORDER =
            Comparator.comparing(ClipSetting::scale).thenComparingDouble(ClipSetting::value);

    ClipSetting {
        if (scale != Scale.NONE && !(Double.isFinite(value) && value > 0)) {
            throw new IllegalArgumentException("clip must be a positive number, got " + value);
        }
        if (scale == Scale.NONE) {
            value = Double.NaN;
        }
    }

    /** For tables and legends: {@code m̃ = 1}, {@code m = 2.5}, or {@code -}. */
    String label() {
        return switch (scale) {
            case NONE -> "-";
            case RELATIVE -> "m̃ = " + number(value);
            case ABSOLUTE -> "m = " + number(value);
        };
    }

    /** Up to 4 significant digits without trailing zeros. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "nan" : (v > 0 ? "inf" : "-inf");
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + (e < 0 ? "" : s.substring(e));
    }

    @Override
    public int compareTo(ClipSetting other) {
        return ORDER.compare(this, other);
    }
}
