package org.sparseeoc.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies {@code --set} overrides to a spec's JSON tree before it is bound, so that overridden
 * values are checked exactly like written ones and unknown paths are caught by the same
 * unknown-field check. The rules (also in experiments/README.md):
 *
 * <ul>
 *   <li>Missing objects on the way are created; a non-object on the way is an error.
 *   <li>A value replaces what was there, objects included (no merging).
 *   <li>Setting a nested object's {@code type} to a different value starts that object afresh: its
 *       other fields from the file are dropped, since they belong to the old subtype (an SGD
 *       learning rate is no Adam learning rate). Type overrides are applied before the others, so
 *       that {@code --set optimizer.lr=...} given with the switch survives it whatever the order.
 * </ul>
 */
final class Overrides {
    private Overrides() {}

    /** Applies the overrides to {@code root}; returns those that started an object afresh. */
    static Set<SpecOverride> apply(ObjectNode root, List<SpecOverride> overrides, String source) {
        List<SpecOverride> ordered = new ArrayList<>(overrides);
        ordered.sort(Comparator.comparing(o -> !o.setsType())); // stable: otherwise as given
        Set<SpecOverride> restarted = new HashSet<>();
        for (SpecOverride override : ordered) {
            if (set(root, override, source)) {
                restarted.add(override);
            }
        }
        return restarted;
    }

    private static boolean set(ObjectNode root, SpecOverride override, String source) {
        ObjectNode parent = root;
        List<String> path = override.path();
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode child = parent.get(path.get(i));
            if (child == null || child.isNull()) {
                child = parent.putObject(path.get(i));
            } else if (!child.isObject()) {
                throw new SpecException(
                        source + " with " + override.label(),
                        String.join(".", path.subList(0, i + 1)),
                        "is " + SpecErrors.describe(child) + ", not an object, so it has no field " + path.get(i + 1),
                        null);
            }
            parent = (ObjectNode) child;
        }
        String field = path.getLast();
        JsonNode old = parent.get(field);
        boolean restart = override.setsType() && old != null && !old.equals(override.value());
        if (restart) {
            parent.removeAll();
        }
        parent.set(field, override.value());
        return restart;
    }
}
