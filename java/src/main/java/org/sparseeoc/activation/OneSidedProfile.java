package org.sparseeoc.activation;

import static org.sparseeoc.math.Gaussian.mass;
import static org.sparseeoc.math.Gaussian.pdf;
import static org.sparseeoc.math.Gaussian.upperTail;

/**
 * The one-sided profile g(x) = min(max(x − τ, 0), m) shared by every activation (m = +∞ when
 * unclipped), and its closed-form Gaussian moments. The odd activations are sign(x)·g(|x|), so each
 * of their moments below is twice the one-sided value (same a, b).
 *
 * <p>Notation (docs/THEORY.md): a pre-activation √q·Z, a = τ/√q, b = (τ + m)/√q (b = +∞ when
 * unclipped). All terms that carry p(b) vanish when b = +∞; they are skipped explicitly because
 * ∞·0 would be NaN.
 */
record OneSidedProfile(double tau, double clip) {

    OneSidedProfile {
        if (!(tau >= 0 && Double.isFinite(tau))) {
            throw new IllegalArgumentException("threshold tau must be finite and >= 0, got " + tau);
        }
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip m must be > 0 (or +infinity for none), got " + clip);
        }
    }

    /**
     * Checks τ and m for a family: τ finite and ≥ 0; m finite and &gt; 0 when clipped, +∞ otherwise.
     * The messages name the parameter and its valid range.
     */
    static void validate(double tau, double clip, boolean clipped) {
        new OneSidedProfile(tau, clip);
        if (clipped && clip == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(
                    "clip m must be finite for a clipped activation (use relu-tau or st for none)");
        }
        if (!clipped && clip != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("clip m is only for crelu and cst, got m=" + clip);
        }
    }

    double value(double x) {
        return Math.min(Math.max(x - tau, 0.0), clip);
    }

    /** g'(x): 1 strictly inside (τ, τ + m), 0 elsewhere including both kinks. */
    double derivative(double x) {
        return x > tau && x < tau + clip ? 1.0 : 0.0;
    }

    /** E[g(√qZ)²] = q[(1+a²)(Φ(b)−Φ(a)) − a·p(a) + (2a − b)·p(b)] + m²·Φ̄(b). */
    double secondMoment(double q) {
        double s = Math.sqrt(checkVariance(q));
        double a = tau / s;
        double b = (tau + clip) / s;
        double inner = (1 + a * a) * mass(a, b) - a * pdf(a);
        if (b == Double.POSITIVE_INFINITY) {
            return q * inner;
        }
        return q * (inner + (2 * a - b) * pdf(b)) + clip * clip * upperTail(b);
    }

    /** E[g'(√qZ)²] = Φ(b) − Φ(a). */
    double derivativeSecondMoment(double q) {
        double s = Math.sqrt(checkVariance(q));
        return mass(tau / s, (tau + clip) / s);
    }

    /** d/dq E[g(√qZ)²] = Φ(b) − Φ(a) − (b − a)·p(b) (τ and m held fixed). */
    double secondMomentDq(double q) {
        double s = Math.sqrt(checkVariance(q));
        double a = tau / s;
        double b = (tau + clip) / s;
        return b == Double.POSITIVE_INFINITY ? mass(a, b) : mass(a, b) - (b - a) * pdf(b);
    }

    /** d²/dq² E[g(√qZ)²] = [a(p(a) − p(b)) − (b − a)·b²·p(b)] / (2q). */
    double secondMomentDq2(double q) {
        double s = Math.sqrt(checkVariance(q));
        double a = tau / s;
        double b = (tau + clip) / s;
        if (b == Double.POSITIVE_INFINITY) {
            return a * pdf(a) / (2 * q);
        }
        return (a * (pdf(a) - pdf(b)) - (b - a) * b * b * pdf(b)) / (2 * q);
    }

    /**
     * E[g(Y)] for Y ~ N(μ, σ²): (μ − τ)(Φ(β) − Φ(α)) + σ(p(α) − p(β)) + m·Φ̄(β), with α = (τ − μ)/σ
     * and β = (τ + m − μ)/σ; g(μ) when σ = 0.
     */
    double mean(double mu, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(mu)) {
            throw new IllegalArgumentException("need finite mu and sigma >= 0, got " + mu + ", " + sigma);
        }
        if (sigma == 0) {
            return value(mu);
        }
        double alpha = (tau - mu) / sigma;
        double beta = (tau + clip - mu) / sigma;
        double linear = (mu - tau) * mass(alpha, beta) + sigma * pdf(alpha);
        if (beta == Double.POSITIVE_INFINITY) {
            return linear;
        }
        return linear - sigma * pdf(beta) + clip * upperTail(beta);
    }

    /** P(√qZ ≤ τ) = Φ(a): the one-sided zero probability. */
    double zeroProbability(double q) {
        return 1.0 - upperTail(tau / Math.sqrt(checkVariance(q)));
    }

    /** P(√qZ ≥ τ + m) = Φ̄(b): the probability of landing in the clipped region on one side. */
    double clippedProbability(double q) {
        double s = Math.sqrt(checkVariance(q)); // checked even when unclipped, like every other moment
        return clip == Double.POSITIVE_INFINITY ? 0.0 : upperTail((tau + clip) / s);
    }

    /** P(√qZ &gt; τ) = Φ̄(a): the one-sided probability of a nonzero output. */
    double activeProbability(double q) {
        return upperTail(tau / Math.sqrt(checkVariance(q)));
    }

    private static double checkVariance(double q) {
        if (!(q > 0 && Double.isFinite(q))) {
            throw new IllegalArgumentException("variance q must be finite and > 0, got " + q);
        }
        return q;
    }
}
