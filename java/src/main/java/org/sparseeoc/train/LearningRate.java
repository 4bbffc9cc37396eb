package org.sparseeoc.train;

/** The learning rate at a point of training (a schedule applied to a base rate). */
@FunctionalInterface
public interface LearningRate {
    /** The rate for the step {@code stepInEpoch} of epoch {@code epoch} (both 0-based). */
    double at(int epoch, int stepInEpoch, int stepsPerEpoch);
}
