package org.sparseeoc.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * A cartesian product of axes. Points are numbered like digits of a mixed-radix number: axes in
 * declared order, the last axis varying fastest (so with axes seed then lr, the first points share
 * seed 1 and step through the learning rates).
 *
 * @param axes at least one axis, no two touching the same field
 */
public record Grid(List<Axis> axes) {
    public Grid {
        axes = List.copyOf(axes);
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("a grid needs at least one axis, e.g. {\"seed\": [1, 2, 3]}");
        }
    }

    /** Number of points: the product of the axis lengths. */
    long size() {
        long size = 1;
        for (Axis axis : axes) {
            size = Math.multiplyExact(size, axis.values().size());
        }
        return size;
    }

    /** Every point, in order. */
    List<List<Assignment>> expand() {
        List<List<Assignment>> points = new ArrayList<>();
        int[] digits = new int[axes.size()];
        for (long n = size(); n > 0; n--) {
            List<Assignment> point = new ArrayList<>(axes.size());
            for (int a = 0; a < axes.size(); a++) {
                point.add(axes.get(a).at(digits[a]));
            }
            points.add(List.copyOf(point));
            increment(digits);
        }
        return points;
    }

    private void increment(int[] digits) {
        for (int a = axes.size() - 1; a >= 0; a--) {
            if (++digits[a] < axes.get(a).values().size()) {
                return;
            }
            digits[a] = 0;
        }
    }
}
