package org.sparseeoc.train;

import java.util.List;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;

/** SGD with (optionally Nesterov) momentum and L2 weight decay; state: one velocity per parameter. */
public final class SgdMomentum implements Optimizer {
    private final Ops ops;
    private final long n;
    private final float momentum;
    private final float weightDecay;
    private final boolean nesterov;
    private final FloatBuffer velocity; // [n]

    public SgdMomentum(Ops ops, long n, double momentum, double weightDecay, boolean nesterov) {
        if (!(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("need 0 <= momentum < 1 and weightDecay >= 0");
        }
        this.ops = ops;
        this.n = n;
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        this.nesterov = nesterov;
        this.velocity = ops.allocate(n);
    }

    @Override
    public void step(FloatBuffer params, FloatBuffer grads, float lr) {
        ops.sgdMomentumStep(params, grads, velocity, n, lr, momentum, weightDecay, nesterov);
    }

    @Override
    public List<float[]> saveState() {
        float[] v = new float[Math.toIntExact(n)];
        ops.download(velocity, 0, v, 0, v.length);
        return List.of(v);
    }

    @Override
    public void restoreState(List<float[]> state, long steps) {
        if (state.size() != 1 || state.get(0).length != n) {
            throw new IllegalArgumentException("SGD state must be one array of " + n + " values");
        }
        ops.upload(state.get(0), 0, velocity, 0, Math.toIntExact(n));
    }

    @Override
    public String describe() {
        return "sgd(momentum=%s, nesterov=%s, weightDecay=%s)".formatted(momentum, nesterov, weightDecay);
    }

    @Override
    public void close() {
        velocity.close();
    }
}
