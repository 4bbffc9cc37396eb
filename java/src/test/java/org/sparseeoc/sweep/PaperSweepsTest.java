package org.sparseeoc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.theory.ClipAdvice;
import org.sparseeoc.theory.CriticalClip;

/** The sweep specs shipped under experiments/paper (tests run from the project root). */
class PaperSweepsTest {
    private static final Path PAPER = Path.of("experiments", "paper");

    @Test
    void everyPaperSweepPlansIntoTheDesignWithClipsAroundAndBelowTheCriticalClip() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(PAPER)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(List.of(PAPER.resolve("cnn-cifar10.json"), PAPER.resolve("mlp-mnist-depth100.json")), files);
        Map<String, ClipAdvice> advice = new HashMap<>(); // the theory per (kind, s), solved once
        for (Path file : files) {
            SweepPlan plan = SweepPlan.of(SweepLoader.load(file)); // throws, naming point and field, if invalid
            // 5 seeds × (1 ReLU + 2 unclipped kinds × 4 s + 2 clipped kinds × 4 s × 3 clips)
            assertEquals(5 * (1 + 2 * 4 + 2 * 4 * 3), plan.size(), file.toString());
            Set<String> names = new HashSet<>();
            Set<String> withRecommendedClip = new HashSet<>();
            for (PlannedRun run : plan.runs()) {
                assertTrue(
                        names.add(run.spec().name()),
                        "two runs named " + run.spec().name());
                var activation = run.spec().activation();
                if (activation.kind().clipped()) {
                    ClipAdvice setting = advice.computeIfAbsent(
                            activation.kind() + " " + activation.sparsity(),
                            key -> CriticalClip.advise(activation.kind(), activation.sparsity()));
                    double critical = setting.criticalClip();
                    double highest = Double.isFinite(critical) ? 1.1 * critical + 1e-3 : 5.0;
                    assertTrue(
                            activation.clip() <= highest,
                            run.dir() + ": clip " + activation.clip() + " above 1.1 m_c = " + highest);
                    if (activation.clip() <= setting.recommendedClip() + 1e-3) {
                        withRecommendedClip.add(activation.kind() + " " + activation.sparsity());
                    }
                }
            }
            assertEquals(
                    2 * 4,
                    withRecommendedClip.size(),
                    file + ": a clip at or below the recommended one for " + withRecommendedClip);
            long relu = plan.runs().stream()
                    .filter(r -> r.spec().activation().kind() == ActivationKind.RELU)
                    .count();
            assertEquals(5, relu, file + ": the dense ReLU baseline, once per seed");
        }
    }

    @Test
    void theSmallSweepsRunHerePlanWithEveryKindAndOnlyRecommendedOrNearCriticalClips() throws IOException {
        Path small = PAPER.resolve("small");
        List<Path> files;
        try (Stream<Path> list = Files.list(small)) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(
                List.of(
                        small.resolve("cnn-mnist10k-depth12-c32.json"),
                        small.resolve("cnn-mnist10k-depth20.json"),
                        small.resolve("mlp-fashion-depth30.json"),
                        small.resolve("mlp-mnist10k-depth30.json")),
                files);
        for (Path file : files) {
            SweepPlan plan = SweepPlan.of(SweepLoader.load(file));
            Set<ActivationKind> kinds = new HashSet<>();
            for (PlannedRun run : plan.runs()) {
                var activation = run.spec().activation();
                kinds.add(activation.kind());
                if (activation.kind().clipped()) {
                    ClipAdvice setting = CriticalClip.advise(activation.kind(), activation.sparsity());
                    double critical = setting.criticalClip();
                    double highest = Double.isFinite(critical) ? 1.1 * critical + 1e-3 : 5.0;
                    double recommended = setting.recommendedClip();
                    boolean nearRecommended = Math.abs(activation.clip() - recommended) <= 1e-3;
                    boolean nearHighest = Math.abs(activation.clip() - highest) <= 2e-3;
                    assertTrue(
                            nearRecommended || nearHighest,
                            run.dir() + ": clip " + activation.clip() + " is neither the recommended " + recommended
                                    + " nor 1.1 m_c = " + highest);
                }
            }
            assertEquals(Set.of(ActivationKind.values()), kinds, file + ": every activation kind");
        }
    }
}
