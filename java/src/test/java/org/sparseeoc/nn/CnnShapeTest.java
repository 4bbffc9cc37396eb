package org.sparseeoc.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CnnShape geometry (output sizes with flooring, fans, offsets, parameter count) and validation. */
class CnnShapeTest {
    @Test
    void outputSizesFloorLikePyTorch() {
        // 7×9 input, k3 p1; layer 1 has stride 2: ⌊(7 + 2 − 3)/2⌋ + 1 = 4, ⌊(9 + 2 − 3)/2⌋ + 1 = 5.
        CnnShape s = new CnnShape(3, 7, 9, 8, 3, 3, 1, List.of(1), 10);
        assertEquals(7, s.outHeight(0));
        assertEquals(9, s.outWidth(0));
        assertEquals(4, s.outHeight(1));
        assertEquals(5, s.outWidth(1));
        assertEquals(4, s.outHeight(2));
        assertEquals(5, s.outWidth(2));
        assertEquals(2, s.stride(1));
        assertEquals(1, s.stride(2));
        assertEquals(7, s.inHeight(1));
        assertEquals(4, s.inHeight(2));
        assertEquals(5, s.inWidth(2));
        assertEquals(20, s.poolPositions());
        assertEquals(8 * 20, s.hiddenUnits(2));
        assertEquals(3 * 7 * 9, s.inputs());
        // k3 p0 shrinks by 2; k2 p1 grows by 1; k1 p0 keeps the size; stride 2 on an even size halves it.
        assertEquals(3, new CnnShape(1, 7, 7, 2, 2, 3, 0, List.of(), 2).outHeight(1));
        assertEquals(9, new CnnShape(1, 7, 7, 2, 2, 2, 1, List.of(), 2).outWidth(1));
        assertEquals(5, new CnnShape(1, 5, 5, 2, 1, 1, 0, List.of(), 2).outHeight(0));
        assertEquals(4, new CnnShape(1, 8, 8, 2, 1, 3, 1, List.of(0), 2).outHeight(0));
    }

    @Test
    void fansOffsetsAndParameterCount() {
        CnnShape s = new CnnShape(3, 8, 8, 4, 2, 3, 1, List.of(), 5);
        assertEquals(27, s.fanIn(0));
        assertEquals(36, s.fanIn(1));
        assertEquals(4, s.fanIn(2));
        assertEquals(36, s.fanOut(0));
        assertEquals(5, s.fanOut(2));
        assertEquals(4, s.outputs(1));
        assertEquals(5, s.outputs(2));
        assertEquals(0, s.weightOffset(0));
        assertEquals(4 * 27, s.biasOffset(0));
        assertEquals(4 * 27 + 4, s.weightOffset(1));
        assertEquals(4 * 27 + 4 + 4 * 36, s.biasOffset(1));
        assertEquals(4 * 27 + 4 + 4 * 36 + 4, s.weightOffset(2));
        assertEquals(4 * 27 + 4 + 4 * 36 + 4 + 5 * 4, s.biasOffset(2));
        assertEquals(4 * 27 + 4 + 4 * 36 + 4 + 5 * 4 + 5, s.parameterCount());
        assertEquals(3, s.maps());
        assertThrows(IndexOutOfBoundsException.class, () -> s.fanIn(3));
        assertThrows(IndexOutOfBoundsException.class, () -> s.outHeight(2));
        assertThrows(IndexOutOfBoundsException.class, () -> s.hiddenUnits(-1));
    }

    private static void assertRejected(String fragment, Runnable construct) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construct::run);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void validationNamesTheProblem() {
        assertRejected("classes >= 2", () -> new CnnShape(0, 8, 8, 4, 2, 3, 1, List.of(), 5));
        assertRejected("classes >= 2", () -> new CnnShape(1, 8, 8, 4, 2, 3, 1, List.of(), 1));
        assertRejected("= [0, 2], got 3", () -> new CnnShape(1, 8, 8, 4, 2, 3, 3, List.of(), 5));
        assertRejected("padding must lie", () -> new CnnShape(1, 8, 8, 4, 2, 3, -1, List.of(), 5));
        assertRejected("ascending and distinct", () -> new CnnShape(1, 8, 8, 4, 3, 3, 1, List.of(2, 1), 5));
        assertRejected("ascending and distinct", () -> new CnnShape(1, 8, 8, 4, 3, 3, 1, List.of(1, 1), 5));
        assertRejected("downsample layer 2", () -> new CnnShape(1, 8, 8, 4, 2, 3, 1, List.of(2), 5));
        assertRejected("layer 2 of the CNN has no output", () -> new CnnShape(1, 5, 5, 4, 3, 3, 0, List.of(), 5));
        assertRejected("parameters", () -> new CnnShape(1, 8, 8, 30000, 3, 3, 1, List.of(), 5));
    }
}
