package org.sparseeoc.train;

import java.util.List;
import org.sparseeoc.backend.FloatBuffer;
import org.sparseeoc.backend.Ops;

/** Adam with bias correction and L2 weight decay; state: first and second moments. */
public final class Adam implements Optimizer {
    private final Ops ops;
    private final long n;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final FloatBuffer m; // [n] first moment
    private final FloatBuffer v; // [n] second moment
    private long steps;

    public Adam(Ops ops, long n, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0 && weightDecay >= 0)) {
            throw new IllegalArgumentException("need 0 <= beta1, beta2 < 1, eps > 0, weightDecay >= 0");
        }
        this.ops = ops;
        this.n = n;
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
        this.m = ops.allocate(n);
        this.v = ops.allocate(n);
    }

    @Override
    public void step(FloatBuffer params, FloatBuffer grads, float lr) {
        steps++;
        ops.adamStep(params, grads, m, v, n, lr, beta1, beta2, eps, weightDecay, steps);
    }

    @Override
    public List<float[]> saveState() {
        float[] first = new float[Math.toIntExact(n)];
        float[] second = new float[Math.toIntExact(n)];
        ops.download(m, 0, first, 0, first.length);
        ops.download(v, 0, second, 0, second.length);
        return List.of(first, second);
    }

    @Override
    public void restoreState(List<float[]> state, long steps) {
        if (state.size() != 2 || state.get(0).length != n || state.get(1).length != n) {
            throw new IllegalArgumentException("Adam state must be two arrays of " + n + " values");
        }
        ops.upload(state.get(0), 0, m, 0, Math.toIntExact(n));
        ops.upload(state.get(1), 0, v, 0, Math.toIntExact(n));
        this.steps = steps;
    }

    @Override
    public String describe() {
        return "adam(beta1=%s, beta2=%s, eps=%s, weightDecay=%s)".formatted(beta1, beta2, eps, weightDecay);
    }

    @Override
    public void close() {
        m.close();
        v.close();
    }
}
