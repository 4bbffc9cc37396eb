package org.sparseeoc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTicksTest {
    @Test
    void linearTicksAreRoundMultiplesInsideTheRange() {
        AxisTicks ticks = AxisTicks.of(new double[] {-0.03, 1.04}, false, 5, false);
        assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1"), ticks.labels());
        assertEquals(0.6, ticks.values().get(3), 1e-12);
    }

    @Test
    void logTicksAreDecadesOrOneTwoFiveWithinADecade() {
        assertEquals(
                List.of("0.01", "0.1", "1", "10", "100"),
                AxisTicks.of(new double[] {0.005, 200}, true, 5, false).labels());
        assertEquals(
                List.of("2", "5", "10"),
                AxisTicks.of(new double[] {1.5, 12}, true, 5, false).labels());
        assertEquals(
                List.of("5e-9", "1e-8", "2e-8", "5e-8", "1e-7", "2e-7"),
                AxisTicks.of(new double[] {5e-9, 2e-7}, true, 5, false).labels());
    }

    @Test
    void integerAxesStepByAtLeastOne() {
        assertEquals(
                List.of("0", "1", "2", "3", "4", "5"),
                AxisTicks.of(new double[] {-0.2, 5.2}, false, 10, true).labels());
        assertEquals(
                List.of("0", "20", "40"),
                AxisTicks.of(new double[] {0, 40}, false, 2, true).labels());
    }

    @Test
    void largeAndTinyStepsUseScientificNotation() {
        assertEquals(
                List.of("0", "1e6", "2e6"),
                AxisTicks.of(new double[] {0, 2.2e6}, false, 2, false).labels());
        assertEquals(
                "0.0001",
                AxisTicks.of(new double[] {0, 3e-4}, false, 3, false).labels().get(1));
    }
}
