package org.sparseeoc.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.backend.BreakEven;
import org.sparseeoc.backend.cuda.GemmLibrary;
import org.sparseeoc.backend.cuda.SparseLibrary;
import org.sparseeoc.data.DataSource;
import org.sparseeoc.data.Normalization;
import org.sparseeoc.nn.InitScheme;
import org.sparseeoc.nn.SparseDispatch;
import org.sparseeoc.nn.WeightDistribution;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.EocRequest;

class SpecLoaderTest {
    @Test
    void omittedFieldsTakeTheirDefaults() {
        ExperimentSpec spec = Specs.parse(Specs.MINIMAL);
        assertEquals("t", spec.name());
        assertEquals(1, spec.seed());
        assertEquals(Backend.CPU, spec.backend());
        assertEquals("results/t", spec.output());
        assertEquals(Path.of("results", "t"), spec.outputDir());
        assertEquals(new DataSpec("bundled:mnist-10k", Normalization.STANDARDIZE, null, null), spec.data());
        assertEquals(new DataSource.Bundled("mnist-10k"), spec.data().parsedSource());
        assertEquals(new ModelSpec.Mlp(3, 8), spec.model());
        assertEquals(new ActivationSpec(ActivationKind.CRELU, 0.85, 1.0, null, 1.0), spec.activation());
        assertEquals(new InitSpec(InitScheme.EOC, WeightDistribution.GAUSSIAN, true), spec.init());
        assertEquals(new OptimizerSpec.Sgd(0.01, 0.9, false, 0), spec.optimizer());
        assertEquals(new ScheduleSpec.Constant(), spec.schedule());
        assertNull(spec.gradClip());
        assertEquals(2, spec.epochs());
        assertEquals(16, spec.batchSize());
        assertEquals(new MetricsSpec(0, 4), spec.metrics());
        assertEquals(new DivergenceSpec(1e8), spec.divergence());
        assertEquals(new CheckpointSpec(0), spec.checkpoint());
        assertEquals(new GpuSpec(GemmLibrary.AUTO, false, SparseLibrary.BUILTIN), spec.gpu());
    }

    @Test
    void gpuGemmTf32AndSparseLibraryAreRead() {
        assertEquals(
                new GpuSpec(GemmLibrary.CUBLAS, true, SparseLibrary.CUSPARSE),
                Specs.parse(Specs.with(
                                "gpu", "{\"gemm\": \"cublas\", \"tf32\": true, \"sparseLibrary\": \"cusparse\"}"))
                        .gpu());
        assertEquals(
                new GpuSpec(GemmLibrary.BUILTIN, false, SparseLibrary.BUILTIN),
                Specs.parse(Specs.MINIMAL, "gpu.gemm=builtin").gpu());
    }

    @Test
    void subtypeDefaults() {
        assertEquals(
                new OptimizerSpec.Adam(1e-3, 0.9, 0.999, 1e-8, 0),
                Specs.parse(Specs.with("optimizer", "{\"type\": \"adam\", \"lr\": 0.001}"))
                        .optimizer());
        assertEquals(
                new ScheduleSpec.Cosine(0, 0),
                Specs.parse(Specs.with("schedule", "{\"type\": \"cosine\"}")).schedule());
        assertEquals(
                new ModelSpec.Cnn(50, 16, 3, 1, List.of()),
                Specs.parse(Specs.with("model", "{\"type\": \"cnn\", \"depth\": 50, \"channels\": 16}"))
                        .model());
        assertEquals(
                new ModelSpec.Cnn(4, 8, 4, 1, List.of(0, 2)),
                Specs.parse(
                                Specs.with(
                                        "model",
                                        "{\"type\": \"cnn\", \"depth\": 4, \"channels\": 8, \"kernel\": 4, \"downsample\": [0, 2]}"))
                        .model());
        assertEquals(
                0.5,
                Specs.parse(Specs.with("activation", "{\"kind\": \"relu\"}"))
                        .activation()
                        .sparsity());
    }

    @Test
    void everyFieldIsRead() {
        ExperimentSpec spec = Specs.parse("""
                {
                  "name": "full-1.0", "seed": -7, "backend": "auto", "output": "out/x",
                  "data": {"source": "idx:data/mnist", "normalize": "unit", "trainLimit": 100, "testLimit": 50},
                  "model": {"type": "mlp", "depth": 100, "width": 300},
                  "activation": {"kind": "cst", "sparsity": 0.3, "clipAbs": 2.5, "qStar": 4},
                  "init": {"scheme": "glorot", "weights": "orthogonal", "inputScaling": false},
                  "optimizer": {"type": "adam", "lr": 0.002, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6,
                                "weightDecay": 1e-4},
                  "schedule": {"type": "step", "every": 5, "gamma": 0.5},
                  "gradClip": 1.5, "epochs": 10, "batchSize": 64,
                  "metrics": {"everySteps": 50, "sparsityBatches": 2},
                  "divergence": {"maxVariance": 1e6},
                  "checkpoint": {"everySteps": 100},
                  "sparse": {"mode": "sparse", "threshold": 0.3, "inputGradientThreshold": 0.05}
                }
                """);
        assertEquals(-7, spec.seed());
        assertEquals(Backend.AUTO, spec.backend());
        assertEquals("out/x", spec.output());
        assertEquals(
                new DataSource.IdxDirectory(Path.of("data/mnist")), spec.data().parsedSource());
        assertEquals(new DataSpec("idx:data/mnist", Normalization.UNIT, 100, 50), spec.data());
        assertEquals(new ActivationSpec(ActivationKind.CST, 0.3, null, 2.5, 4), spec.activation());
        assertEquals(new InitSpec(InitScheme.GLOROT, WeightDistribution.ORTHOGONAL, false), spec.init());
        assertEquals(new OptimizerSpec.Adam(0.002, 0.8, 0.99, 1e-6, 1e-4), spec.optimizer());
        assertEquals(new ScheduleSpec.Step(5, 0.5), spec.schedule());
        assertEquals(1.5, spec.gradClip());
        assertEquals(new MetricsSpec(50, 2), spec.metrics());
        assertEquals(new DivergenceSpec(1e6), spec.divergence());
        assertEquals(new CheckpointSpec(100), spec.checkpoint());
        assertEquals(new SparseSpec(SparseDispatch.Mode.SPARSE, 0.3, 0.05), spec.sparse());
    }

    @Test
    void sparseDefaultsToAutoWithTheMeasuredBreakEven() {
        SparseSpec sparse = Specs.parse(Specs.MINIMAL).sparse();
        assertEquals(new SparseSpec(SparseDispatch.Mode.AUTO, null, null), sparse);
        // Unset thresholds come from the kernels in use; set ones override them one by one.
        BreakEven measured = new BreakEven(0.4, 0.3, "test");
        SparseDispatch resolved = SparseDispatch.resolve(sparse.mode(), null, 0.05, measured);
        assertEquals(new SparseDispatch(SparseDispatch.Mode.AUTO, 0.4, 0.05), resolved);
        assertEquals(SparseDispatch.DENSE, sparse.dispatch(null));
    }

    @Test
    void activationBecomesTheTheoryRequest() {
        assertEquals(
                EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.Relative(1.0)),
                Specs.parse(Specs.MINIMAL).activation().toRequest());
        assertEquals(
                new EocRequest(ActivationKind.CST, 0.3, new Clip.Absolute(2.5), 4),
                Specs.parse(Specs.with(
                                "activation", "{\"kind\": \"cst\", \"sparsity\": 0.3, \"clipAbs\": 2.5, \"qStar\": 4}"))
                        .activation()
                        .toRequest());
        assertInstanceOf(
                Clip.None.class,
                Specs.parse(Specs.with("activation", "{\"kind\": \"st\", \"sparsity\": 0.9}"))
                        .activation()
                        .toRequest()
                        .clip());
    }

    @Test
    void recordsBuiltInJavaAreCheckedToo() {
        SpecException e = assertThrows(SpecException.class, () -> new OptimizerSpec.Sgd(-1, 0.9, false, 0));
        assertEquals("lr", e.path());
        assertEquals("lr: must be a finite number > 0, got -1.0", e.getMessage());
    }
}
