package org.sparseeoc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseeoc.activation.ActivationKind;
import org.sparseeoc.theory.Clip;
import org.sparseeoc.theory.CriticalClip;
import org.sparseeoc.theory.EocInit;
import org.sparseeoc.theory.EocRequest;
import org.sparseeoc.theory.EocSolver;

class EocCommandTest {
    @Test
    void jsonCarriesEveryFieldInFullPrecision() throws Exception {
        CliRun run = CliRun.of("eoc", "--activation", "crelu", "--sparsity", "0.85", "--clip", "1.0", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        EocInit init = EocSolver.solve(EocRequest.of(ActivationKind.CRELU, 0.85, new Clip.Relative(1.0)));
        // Full precision: the JSON numbers round-trip to the very doubles the library computed.
        assertEquals(init.activation().threshold(), json.get("tau").asDouble());
        assertEquals(init.weightVariance(), json.get("sigmaW2").asDouble());
        assertEquals(init.biasVariance(), json.get("sigmaB2").asDouble());
        assertEquals(init.chi1(), json.get("chi1").asDouble());
        assertEquals(init.varianceSlope(), json.get("varianceSlope").asDouble());
        assertEquals(init.varianceCurvature(), json.get("varianceCurvature").asDouble());
        assertEquals(init.varianceDepthScale(), json.get("xiQ").asDouble());
        assertEquals(init.correlationAtZero(), json.get("correlationAtZero").asDouble());
        assertEquals(
                CriticalClip.find(ActivationKind.CRELU, 0.85),
                json.get("criticalClip").asDouble());
        assertEquals("ATTRACTING", json.at("/stability/qStarClass").asText());
        assertEquals("RETURNED_TO_QSTAR", json.at("/iteration/outcome").asText());
        for (String field :
                new String[] {"activation", "sparsity", "qStar", "clip", "clipRelative", "recommendedClip"}) {
            assertTrue(json.has(field), "missing " + field + " in " + run.out());
        }
    }

    @Test
    void unclippedJsonWritesInfiniteDepthScaleAsString() throws Exception {
        CliRun run = CliRun.of("eoc", "--activation", "relu-tau", "--sparsity", "0.85", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals("Infinity", json.get("xiQ").asText());
        assertEquals("SEMI_STABLE", json.at("/stability/qStarClass").asText());
        assertEquals("DIVERGED", json.at("/iteration/outcome").asText());
        assertTrue(!json.has("criticalClip"));
    }

    @Test
    void textReportsInitVerdictAndCriticalClip() {
        CliRun run = CliRun.of("eoc", "--activation", "cst", "--sparsity", "0.85", "--clip", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("sigma_w^2        7.3913"), run.out());
        assertTrue(run.out().contains("q* is ATTRACTING"), run.out());
        assertTrue(run.out().contains("critical m_c = 1.327"), run.out());
    }

    @Test
    void reluNeedsNoSparsity() {
        CliRun run = CliRun.of("eoc", "--activation", "relu");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("MARGINAL"), run.out());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--activation crelu --sparsity 1.2 --clip 1|--sparsity",
                "--activation crelu --sparsity 0.85|--clip",
                "--activation crelu --sparsity 0.85 --clip -1|--clip",
                "--activation crelu --sparsity 0.85 --clip 1 --clip-abs 1|--clip",
                "--activation relu-tau --sparsity 0.4|sigma_b^2",
                "--activation relu-tau --sparsity 0.85 --clip 1|--clip",
                "--activation relu-tau|--sparsity",
                "--activation st --sparsity 0.85 --qstar 0|--qstar",
                "--activation st --sparsity 0.85 --depth -3|--depth",
                "--activation st --sparsity 0.85 --q0 -1|--q0",
                "--activation gelu --sparsity 0.85|unknown activation 'gelu'",
                "--activation crelu --sparsity abc --clip 1|--sparsity",
                "--activation crelu --sparsity 0.85 --clip 1 --bogus|--bogus"
            })
    void invalidInputExitsTwoWithOneLineNamingTheField(String args, String mentioned) {
        CliRun run = CliRun.of(("eoc " + args).split(" "));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        String err = run.err().strip();
        assertTrue(err.startsWith("sparse-eoc: "), err);
        assertTrue(err.contains(mentioned), "expected '" + mentioned + "' in: " + err);
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertEquals("", run.out());
    }
}
