package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.WeightDistribution;

class OverridesTest {
    @Test
    void numbersBooleansAndNullAreJson() {
        ExperimentSpec spec = Specs.parse(
                Specs.MINIMAL,
                "optimizer.lr=0.5",
                "seed=42",
                "optimizer.nesterov=true",
                "gradClip=2",
                "data.trainLimit=null");
        assertEquals(0.5, spec.optimizer().lr());
        assertEquals(42, spec.seed());
        assertEquals(new OptimizerSpec.Sgd(0.5, 0.9, true, 0), spec.optimizer());
        assertEquals(2.0, spec.gradClip());
        assertNull(spec.data().trainLimit());
    }

    @Test
    void nullRestoresTheDefault() {
        assertEquals(
                0.9,
                ((OptimizerSpec.Sgd) Specs.parse(Specs.with("optimizer.momentum", "0.5"), "optimizer.momentum=null")
                                .optimizer())
                        .momentum());
    }

    @Test
    void textThatIsNotJsonIsAString() {
        ExperimentSpec spec = Specs.parse(Specs.MINIMAL, "data.source=idx:/data/mnist", "name=run-2", "backend=cuda");
        assertEquals("idx:/data/mnist", spec.data().source());
        assertEquals("run-2", spec.name());
        assertEquals("results/run-2", spec.output(), "the default output follows the overridden name");
        assertEquals(Backend.CUDA, spec.backend());
    }

    @Test
    void quotedJsonStringStaysAString() {
        assertEquals("123", Specs.parse(Specs.MINIMAL, "name=\"123\"").name());
    }

    @Test
    void missingObjectsOnTheWayAreCreated() {
        ExperimentSpec spec = Specs.parse(Specs.MINIMAL, "metrics.everySteps=10", "init.scheme=he");
        assertEquals(new MetricsSpec(10, 4), spec.metrics());
        assertEquals(new InitSpec(InitScheme.HE, WeightDistribution.GAUSSIAN, true), spec.init());
    }

    @Test
    void anObjectReplacesTheWholeObject() {
        ExperimentSpec spec = Specs.parse(
                Specs.with("optimizer.weightDecay", "0.1"), "optimizer={\"type\": \"adam\", \"lr\": 0.001}");
        assertEquals(new OptimizerSpec.Adam(0.001, 0.9, 0.999, 1e-8, 0), spec.optimizer());
    }

    @Test
    void typeSwitchStartsTheObjectAfreshWhateverTheOrder() {
        String file = Specs.with("optimizer.momentum", "0.5");
        OptimizerSpec expected = new OptimizerSpec.Adam(0.001, 0.9, 0.999, 1e-8, 0);
        assertEquals(
                expected,
                Specs.parse(file, "optimizer.type=adam", "optimizer.lr=0.001").optimizer());
        assertEquals(
                expected,
                Specs.parse(file, "optimizer.lr=0.001", "optimizer.type=adam").optimizer());
        assertEquals(
                new ScheduleSpec.Cosine(0.001, 1),
                Specs.parse(Specs.MINIMAL, "schedule.type=cosine", "schedule.minLr=0.001", "schedule.warmupEpochs=1")
                        .schedule());
    }

    @Test
    void typeSwitchNeedsTheNewRequiredFields() {
        SpecException e = Specs.failure(Specs.MINIMAL, "optimizer.type=adam");
        assertEquals("optimizer.lr", e.path());
        assertEquals(
                "test.json with --set optimizer.type=adam: optimizer.lr: missing (required): the learning rate, e.g."
                        + " 0.001; --set optimizer.type=adam started optimizer afresh (its other fields in the file were"
                        + " dropped); give them with --set too",
                e.getMessage());
    }

    @Test
    void sameTypeKeepsTheObject() {
        assertEquals(
                new OptimizerSpec.Sgd(0.01, 0.5, false, 0),
                Specs.parse(Specs.with("optimizer.momentum", "0.5"), "optimizer.type=sgd")
                        .optimizer());
    }

    @Test
    void laterOverrideOfTheSameFieldWins() {
        assertEquals(7, Specs.parse(Specs.MINIMAL, "epochs=5", "epochs=7").epochs());
    }

    @Test
    void unknownPathIsNamed() {
        SpecException e = Specs.failure(Specs.MINIMAL, "optimizer.lrr=0.1");
        assertEquals("optimizer.lrr", e.path());
        assertEquals(
                "test.json with --set optimizer.lrr=0.1: optimizer.lrr: unknown field (did you mean lr?); valid fields"
                        + " of optimizer (sgd): type, lr, momentum, nesterov, weightDecay",
                e.getMessage());
        SpecException top = Specs.failure(Specs.MINIMAL, "trainer.threads=2");
        assertEquals("trainer", top.path());
        assertEquals("test.json with --set trainer.threads=2", top.source());
    }

    @Test
    void fieldOfAFieldThatIsNoObjectIsAnError() {
        SpecException e = Specs.failure(Specs.MINIMAL, "epochs.count=3");
        assertEquals(
                "test.json with --set epochs.count=3: epochs: is the number 2, not an object, so it has no field count",
                e.getMessage());
    }

    @Test
    void badValuesAreBlamedOnTheirOverride() {
        SpecException e = Specs.failure(Specs.MINIMAL, "seed=3", "optimizer.lr=-1");
        assertEquals(
                "test.json with --set optimizer.lr=-1: optimizer.lr: must be a finite number > 0, got -1.0",
                e.getMessage());
        SpecException typed = Specs.failure(Specs.MINIMAL, "model.depth=deep");
        assertEquals(
                "test.json with --set model.depth=deep: model.depth: expected an integer from -2147483648 to 2147483647,"
                        + " got the string \"deep\" (write numbers and booleans without quotes)",
                typed.getMessage());
    }

    @Test
    void errorsInTheFileItselfNameNoOverride() {
        SpecException e = Specs.failure(Specs.with("optimizer.lr", "-1"), "seed=3");
        assertEquals("test.json", e.source());
    }

    @Test
    void malformedOverridesAreRefused() {
        assertEquals(
                "test.json with --set optimizer.lr: expected key.path=value, e.g. --set optimizer.lr=0.01",
                Specs.failure(Specs.MINIMAL, "optimizer.lr").getMessage());
        assertEquals(
                "test.json with --set optimizer..lr=1: 'optimizer..lr' is not a field path: use field names joined by"
                        + " dots, e.g. optimizer.lr",
                Specs.failure(Specs.MINIMAL, "optimizer..lr=1").getMessage());
        assertEquals("", Specs.failure(Specs.MINIMAL, "=1").path());
    }
}
