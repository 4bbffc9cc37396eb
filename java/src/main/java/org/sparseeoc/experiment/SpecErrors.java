package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns Jackson's binding errors into {@link SpecException}s with a JSON path and a reason that
 * says what would be valid. Jackson's own messages name Java classes and coercion settings, which
 * mean nothing to someone editing a spec. What was found is described from the JSON tree itself.
 */
final class SpecErrors {
    private static final int SHOWN_CHARS = 40;

    private SpecErrors() {}

    /** The error at its path in the document (no source yet). */
    static SpecException translate(JsonMappingException e, JsonNode tree) {
        List<JsonMappingException.Reference> refs = e.getPath();
        String path = path(refs);
        JsonNode found = nodeAt(tree, refs);
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SpecException spec) {
                return spec.at(path); // a record's own check, relative to the record
            }
        }
        return switch (e) {
            case UnrecognizedPropertyException u -> unknownField(path, u);
            case InvalidTypeIdException t -> badType(path, t.getBaseType().getRawClass(), found);
            case MismatchedInputException m
            when m.getTargetType() != null -> new SpecException(path, wrongValue(m.getTargetType(), found));
            default -> {
                if (e.getCause() instanceof InputCoercionException range) {
                    yield new SpecException(
                            path, "expected " + expected(range.getTargetType()) + ", got " + describe(found));
                }
                yield new SpecException(path, e.getOriginalMessage());
            }
        };
    }

    /** A JSON value as the user wrote it, for messages. */
    static String describe(JsonNode node) {
        if (node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        if (text.length() > SHOWN_CHARS) {
            text = text.substring(0, SHOWN_CHARS) + "...";
        }
        return switch (node.getNodeType()) {
            case STRING -> "the string " + text;
            case NUMBER -> "the number " + text;
            case BOOLEAN -> "the boolean " + text;
            case OBJECT -> "an object " + text;
            case ARRAY -> "an array " + text;
            default -> text;
        };
    }

    private static SpecException unknownField(String path, UnrecognizedPropertyException e) {
        Class<?> owner = e.getReferringClass();
        List<String> valid = fields(owner);
        String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
        String where = parent.isEmpty() ? "top-level fields" : "fields of " + parent + subtypeName(owner);
        String guess = closest(e.getPropertyName(), valid)
                .map(name -> " (did you mean " + name + "?)")
                .orElse("");
        return new SpecException(path, "unknown field" + guess + "; valid " + where + ": " + String.join(", ", valid));
    }

    private static SpecException badType(String path, Class<?> base, JsonNode found) {
        String property = base.getAnnotation(JsonTypeInfo.class).property();
        String choices = String.join(", ", typeNames(base));
        if (!found.isObject()) {
            return new SpecException(
                    path,
                    "expected an object with a \"" + property + "\" field (" + choices + "), got " + describe(found));
        }
        String typePath = SpecException.join(path, property);
        JsonNode type = found.path(property);
        if (type.isMissingNode() || type.isNull()) {
            return new SpecException(typePath, "missing (required): one of " + choices);
        }
        return new SpecException(typePath, "unknown type " + type + "; expected one of " + choices);
    }

    private static String wrongValue(Class<?> target, JsonNode found) {
        if (target.isEnum() && found.isTextual()) {
            return "unknown value " + found + "; expected one of " + String.join(", ", enumNames(target));
        }
        String hint = "";
        if (found.isTextual() && (Number.class.isAssignableFrom(boxed(target)) || boxed(target) == Boolean.class)) {
            hint = " (write numbers and booleans without quotes)";
        }
        return "expected " + expected(target) + ", got " + describe(found) + hint;
    }

    private static String expected(Class<?> target) {
        Class<?> type = boxed(target);
        if (type == Double.class || type == Float.class) {
            return "a number";
        }
        if (type == Integer.class) {
            return "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class) {
            return "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string (in double quotes)";
        }
        if (type.isEnum()) {
            return "one of " + String.join(", ", enumNames(type));
        }
        return "an object";
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            default -> type;
        };
    }

    /** The JSON names of an enum's constants (their @JsonValue). */
    private static List<String> enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(constant -> SpecJson.MAPPER.valueToTree(constant).asText())
                .toList();
    }

    /** The JSON fields of a spec record: its components, after "type" for a subtype. */
    private static List<String> fields(Class<?> type) {
        List<String> names = new ArrayList<>();
        polymorphicBase(type)
                .ifPresent(
                        base -> names.add(base.getAnnotation(JsonTypeInfo.class).property()));
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                names.add(component.getName());
            }
        }
        return names;
    }

    /** " (sgd)" for a subtype, "" otherwise. */
    private static String subtypeName(Class<?> type) {
        return polymorphicBase(type)
                .flatMap(base -> Arrays.stream(
                                base.getAnnotation(JsonSubTypes.class).value())
                        .filter(sub -> sub.value() == type)
                        .map(sub -> " (" + sub.name() + ")")
                        .findFirst())
                .orElse("");
    }

    private static Optional<Class<?>> polymorphicBase(Class<?> type) {
        return Arrays.stream(type.getInterfaces())
                .filter(base -> base.isAnnotationPresent(JsonTypeInfo.class))
                .findFirst();
    }

    private static List<String> typeNames(Class<?> base) {
        return Arrays.stream(base.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name)
                .toList();
    }

    /** The valid name within edit distance 2 of a misspelt one, if any. */
    private static Optional<String> closest(String name, List<String> valid) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : valid) {
            int distance = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static JsonNode nodeAt(JsonNode tree, List<JsonMappingException.Reference> refs) {
        JsonNode node = tree;
        for (JsonMappingException.Reference ref : refs) {
            node = ref.getFieldName() != null ? node.path(ref.getFieldName()) : node.path(ref.getIndex());
        }
        return node;
    }
}
