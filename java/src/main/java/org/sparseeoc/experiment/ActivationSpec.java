package org.sparseeoc.experiment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.InvalidRequestException;

/**
 * The hidden layers' activation and its target sparsity, as the theory's {@link EocRequest}. The
 * components mirror the JSON fields, so the clip comes as two nullable numbers of which at most one
 * is set.
 *
 * @param kind relu, relu-tau, st, crelu or cst
 * @param sparsity target fraction s of exact zeros at q*; always 0.5 for relu (its default there)
 * @param clip relative clip m̃ (m = m̃·√q*), for crelu and cst; null otherwise or with clipAbs
 * @param clipAbs absolute clip m instead of {@code clip}; null when unused
 * @param qStar fixed-point variance q* (default 1)
 */
public record ActivationSpec(ActivationKind kind, double sparsity, Double clip, Double clipAbs, double qStar) {
    private static final double RELU_SPARSITY = 0.5;

    public ActivationSpec {
        Check.required("kind", kind, "one of " + ActivationKind.names());
        if (clip != null && clipAbs != null) {
            throw new SpecException("clipAbs", "give clip (relative m̃) or clipAbs (absolute m), not both");
        }
        if (kind.clipped() && clip == null && clipAbs == null) {
            throw new SpecException(
                    "clip", kind.cliName() + " needs a clip: set clip (m̃, relative to √q*, e.g. 1.0) or clipAbs (m)");
        }
        String given = clip != null ? "clip" : "clipAbs";
        if (!kind.clipped() && (clip != null || clipAbs != null)) {
            throw new SpecException(
                    given, kind.cliName() + " takes no clip; remove " + given + " (clips are for crelu and cst)");
        }
        try {
            request(kind, sparsity, clip, clipAbs, qStar);
        } catch (InvalidRequestException e) {
            String field = switch (e.field()) {
                case "activation" -> "kind";
                case "qstar" -> "qStar";
                case "clip" -> given;
                default -> e.field();
            };
            throw new SpecException(field, bareMessage(e));
        }
    }

    /** The theory's request for this activation. */
    public EocRequest toRequest() {
        return request(kind, sparsity, clip, clipAbs, qStar);
    }

    private static EocRequest request(ActivationKind kind, double sparsity, Double clip, Double clipAbs, double qStar) {
        Clip theoryClip;
        if (clip != null) {
            theoryClip = new Clip.Relative(clip);
        } else if (clipAbs != null) {
            theoryClip = new Clip.Absolute(clipAbs);
        } else {
            theoryClip = new Clip.None();
        }
        return new EocRequest(kind, sparsity, theoryClip, qStar);
    }

    private static String bareMessage(InvalidRequestException e) {
        String prefix = e.field() + ": ";
        String message = e.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    @JsonCreator
    private static ActivationSpec json(
            @JsonProperty("kind") ActivationKind kind,
            @JsonProperty("sparsity") Double sparsity,
            @JsonProperty("clip") Double clip,
            @JsonProperty("clipAbs") Double clipAbs,
            @JsonProperty("qStar") Double qStar) {
        Check.required("kind", kind, "one of " + ActivationKind.names());
        // relu has one sparsity only, so it need not be written; every other kind must say which.
        Double s = sparsity == null && kind == ActivationKind.RELU ? Double.valueOf(RELU_SPARSITY) : sparsity;
        return new ActivationSpec(
                kind,
                Check.required("sparsity", s, "the target fraction s of exact zeros, in (0, 1)"),
                clip,
                clipAbs,
                Check.orDefault(qStar, EocRequest.DEFAULT_QSTAR));
    }
}
