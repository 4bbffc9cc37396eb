package org.sparseeoc.activation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZeroSetTest {
    @Test
    void containsIsClosedAtBothEnds() {
        ZeroSet set = new ZeroSet(-0.3, 0.3);
        assertTrue(set.contains(-0.3));
        assertTrue(set.contains(0.3));
        assertTrue(set.contains(0));
        assertFalse(set.contains(Math.nextUp(0.3)));
        assertFalse(set.contains(Math.nextDown(-0.3)));
        assertFalse(set.contains(Double.NaN));
    }

    @Test
    void halfLineAndPoint() {
        ZeroSet halfLine = new ZeroSet(Double.NEGATIVE_INFINITY, 1.2);
        assertTrue(halfLine.contains(Double.NEGATIVE_INFINITY));
        assertTrue(halfLine.contains(-1e300));
        assertTrue(halfLine.contains(1.2));
        assertFalse(halfLine.contains(Math.nextUp(1.2)));
        ZeroSet point = new ZeroSet(-0.0, 0.0); // ST with τ = 0
        assertTrue(point.contains(0.0));
        assertTrue(point.contains(-0.0));
        assertFalse(point.contains(Double.MIN_VALUE));
        assertFalse(point.contains(-Double.MIN_VALUE));
    }

    @Test
    void boundsMustBeOrdered() {
        assertDoesNotThrow(() -> new ZeroSet(1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ZeroSet(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ZeroSet(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new ZeroSet(0, Double.NaN));
    }
}
