package org.sparseeoc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparseeoc.theory.ClipAdvice;
import org.sparseeoc.theory.EocAnalysis;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.FixedPoint;
import org.sparseeoc.theory.StabilityVerdict;
import org.sparseeoc.theory.VarianceIteration;

/**
 * Renders an {@link EocAnalysis} as text for people or as one JSON object for programs. JSON
 * doubles are written in full precision (shortest round-trip form); ±∞ is written as the strings
 * "Infinity"/"-Infinity", since JSON numbers cannot be infinite.
 */
final class EocFormat {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EocFormat() {}

    static String json(EocAnalysis analysis) {
        EocInit init = analysis.init();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activation", init.request().kind().cliName());
        out.put("sparsity", init.request().sparsity());
        out.put("qStar", init.qStar());
        out.put("tau", init.activation().threshold());
        out.put("clip", init.activation().clip());
        out.put("clipRelative", init.activation().clip() / Math.sqrt(init.qStar()));
        out.put("sigmaW2", init.weightVariance());
        out.put("sigmaB2", init.biasVariance());
        out.put("chi1", init.chi1());
        out.put("varianceSlope", init.varianceSlope());
        out.put("varianceCurvature", init.varianceCurvature());
        out.put("xiQ", init.varianceDepthScale());
        out.put("correlationAtZero", init.correlationAtZero());
        out.put("stability", verdict(analysis.verdict()));
        analysis.clipAdvice().ifPresent(advice -> {
            out.put("criticalClip", advice.criticalClip());
            out.put("recommendedClip", advice.recommendedClip());
            out.put("recommendationRule", ClipAdvice.RULE);
        });
        out.put("iteration", iteration(analysis.iteration()));
        try {
            return JSON.writeValueAsString(out) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> verdict(StabilityVerdict verdict) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("qStarClass", verdict.qStarClass().name());
        out.put("identityMap", verdict.identityMap());
        List<Map<String, Object>> points = new ArrayList<>();
        for (FixedPoint p : verdict.extraFixedPoints()) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("q", p.q());
            point.put("slope", p.slope());
            point.put("stable", p.stable());
            points.add(point);
        }
        out.put("extraFixedPoints", points);
        return out;
    }

    private static Map<String, Object> iteration(VarianceIteration iteration) {
        Map<String, Object> out = new LinkedHashMap<>();
        double[] q = iteration.trajectory();
        out.put("q0", q[0]);
        out.put("outcome", iteration.outcome().name());
        out.put("lastLayer", iteration.lastLayer());
        out.put("finalQ", iteration.finalVariance());
        out.put("trajectory", q);
        return out;
    }

    static String text(EocAnalysis analysis) {
        EocInit init = analysis.init();
        double qStar = init.qStar();
        StringBuilder out = new StringBuilder();
        out.append("Edge-of-chaos init for %s at sparsity s = %s, q* = %s%n"
                .formatted(init.request().kind().cliName(), init.request().sparsity(), qStar));
        row(out, "tau (threshold)", init.activation().threshold());
        row(out, "m (clip)", init.activation().clip());
        row(out, "m/sqrt(q*)", init.activation().clip() / Math.sqrt(qStar));
        row(out, "sigma_w^2", init.weightVariance());
        row(out, "sigma_b^2", init.biasVariance());
        row(out, "chi_1", init.chi1());
        row(out, "V'(q*)", init.varianceSlope());
        row(out, "V''(q*)", init.varianceCurvature());
        row(out, "xi_q (layers)", init.varianceDepthScale());
        row(out, "R(0)", init.correlationAtZero());
        out.append(verdictLine(analysis.verdict(), qStar));
        analysis.clipAdvice().ifPresent(advice -> out.append(adviceLine(advice, init, qStar)));
        VarianceIteration it = analysis.iteration();
        out.append("Iteration: q0 = %.6g over %d layers -> %s at layer %d (q = %.6g)%n"
                .formatted(it.trajectory()[0], it.lastLayer(), it.outcome(), it.lastLayer(), it.finalVariance()));
        return out.toString();
    }

    private static String verdictLine(StabilityVerdict verdict, double qStar) {
        String cls = switch (verdict.qStarClass()) {
            case ATTRACTING -> "ATTRACTING (V'(q*) < 1: variance perturbations shrink)";
            case SEMI_STABLE -> "SEMI_STABLE (V'(q*) = 1, V convex: variances above q* grow with depth)";
            case MARGINAL -> "MARGINAL (V'(q*) = 1, V'' = 0: perturbations persist)";
        };
        StringBuilder line = new StringBuilder("Stability: q* is " + cls + System.lineSeparator());
        if (verdict.identityMap()) {
            line.append("  V(q) = q on the whole range: every variance is a fixed point")
                    .append(System.lineSeparator());
        } else if (verdict.extraFixedPoints().isEmpty()) {
            line.append("  no other fixed point in (0, 200 q*]").append(System.lineSeparator());
        } else {
            for (FixedPoint p : verdict.extraFixedPoints()) {
                line.append("  other fixed point q = %.6g (%.4g q*), V' = %.6g, %s%n"
                        .formatted(p.q(), p.q() / qStar, p.slope(), p.stable() ? "stable" : "unstable"));
            }
        }
        return line.toString();
    }

    private static String adviceLine(ClipAdvice advice, EocInit init, double qStar) {
        double requested = init.activation().clip() / Math.sqrt(qStar);
        String position = requested < advice.criticalClip()
                ? "below m_c, so q* is the only fixed point"
                : "WARNING: at or above m_c, so a second stable fixed point exists";
        return "Clip (relative to sqrt(q*)): critical m_c = %.6g, recommended %.6g [%s]; requested %.6g is %s%n"
                .formatted(advice.criticalClip(), advice.recommendedClip(), ClipAdvice.RULE, requested, position);
    }

    private static void row(StringBuilder out, String name, double value) {
        out.append("  %-16s %s%n".formatted(name, value));
    }
}
