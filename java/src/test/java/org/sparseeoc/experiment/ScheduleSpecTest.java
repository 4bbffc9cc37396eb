package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ScheduleSpecTest {
    private static final double BASE = 0.1;
    private static final double TOL = 1e-15;

    @Test
    void constantIsTheBaseRate() {
        ScheduleSpec constant = new ScheduleSpec.Constant();
        assertEquals(BASE, constant.lr(BASE, 0, 0, 10, 5));
        assertEquals(BASE, constant.lr(BASE, 4, 9, 10, 5));
    }

    @Test
    void stepDecaysEveryFewEpochsAndNotWithinOne() {
        ScheduleSpec step = new ScheduleSpec.Step(2, 0.5);
        assertEquals(0.1, step.lr(BASE, 0, 0, 10, 6), TOL);
        assertEquals(0.1, step.lr(BASE, 1, 9, 10, 6), TOL);
        assertEquals(0.05, step.lr(BASE, 2, 0, 10, 6), TOL);
        assertEquals(0.05, step.lr(BASE, 3, 5, 10, 6), TOL);
        assertEquals(0.025, step.lr(BASE, 4, 0, 10, 6), TOL);
    }

    @Test
    void cosineFallsFromBaseToMinimumStepByStep() {
        ScheduleSpec cosine = new ScheduleSpec.Cosine(0.01, 0);
        // 2 epochs of 2 steps: progress 0, 1/4, 1/2, 3/4 of the half cosine.
        assertEquals(0.1, cosine.lr(BASE, 0, 0, 2, 2), TOL);
        assertEquals(0.01 + 0.09 * (1 + Math.cos(Math.PI / 4)) / 2, cosine.lr(BASE, 0, 1, 2, 2), TOL);
        assertEquals(0.055, cosine.lr(BASE, 1, 0, 2, 2), TOL);
        assertEquals(0.01 + 0.09 * (1 + Math.cos(3 * Math.PI / 4)) / 2, cosine.lr(BASE, 1, 1, 2, 2), TOL);
    }

    @Test
    void cosineWarmsUpLinearlyThenDecays() {
        ScheduleSpec cosine = new ScheduleSpec.Cosine(0, 1);
        // 4 steps of warm-up reach the base rate at the first step after it.
        assertEquals(0.025, cosine.lr(BASE, 0, 0, 4, 3), TOL);
        assertEquals(0.05, cosine.lr(BASE, 0, 1, 4, 3), TOL);
        assertEquals(0.1, cosine.lr(BASE, 0, 3, 4, 3), TOL);
        assertEquals(0.1, cosine.lr(BASE, 1, 0, 4, 3), TOL);
        assertEquals(0.05, cosine.lr(BASE, 2, 0, 4, 3), TOL);
    }

    @Test
    void positionsOutsideTheRunAreRefused() {
        ScheduleSpec constant = ScheduleSpec.DEFAULT;
        assertThrows(IllegalArgumentException.class, () -> constant.lr(BASE, 5, 0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> constant.lr(BASE, -1, 0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> constant.lr(BASE, 0, 10, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> constant.lr(BASE, 0, 0, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> constant.lr(0, 0, 0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new ScheduleSpec.Cosine(0, 5).lr(BASE, 0, 0, 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new ScheduleSpec.Cosine(1, 0).lr(BASE, 0, 0, 10, 5));
    }
}
