package org.sparseeoc.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A structural lint of docker/Dockerfile, in place of hadolint (not installable here) and of
 * building the image (no Docker engine in CI): pinned base images with stage names, a CUDA 12.x
 * devel build stage and a matching runtime, the build through the shared script, a non-root user,
 * results on a volume, an exec-form ENTRYPOINT, the CPU variant's build argument. Tests run from
 * the project root.
 */
class DockerfileTest {
    static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    /** One instruction: keyword and its arguments, continuation lines joined, comments dropped. */
    record Instruction(int line, String keyword, String arguments) {}

    static List<Instruction> instructions;

    @BeforeAll
    static void parse() throws IOException {
        instructions = new ArrayList<>();
        List<String> lines = Files.readAllLines(DOCKERFILE);
        StringBuilder current = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (current.isEmpty()) {
                start = i + 1;
            }
            boolean continued = line.endsWith("\\");
            current.append(continued ? line.substring(0, line.length() - 1) : line)
                    .append(' ');
            if (!continued) {
                String text = current.toString().strip();
                int space = text.indexOf(' ');
                instructions.add(new Instruction(
                        start,
                        text.substring(0, space),
                        text.substring(space + 1).strip()));
                current.setLength(0);
            }
        }
    }

    static List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The value an ARG declares as its default. */
    static String argDefault(String name) {
        return all("ARG").stream()
                .map(Instruction::arguments)
                .filter(a -> a.startsWith(name + "="))
                .map(a -> a.substring(name.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ARG " + name + "=... in " + DOCKERFILE));
    }

    @Test
    void everyKeywordIsADockerInstructionInUpperCase() {
        List<String> known = List.of(
                "FROM",
                "ARG",
                "RUN",
                "COPY",
                "ENV",
                "WORKDIR",
                "USER",
                "VOLUME",
                "ENTRYPOINT",
                "CMD",
                "SHELL",
                "LABEL",
                "EXPOSE");
        for (Instruction i : instructions) {
            assertTrue(known.contains(i.keyword()), "line " + i.line() + ": unknown instruction " + i.keyword());
        }
    }

    @Test
    void everyStageIsNamedAndEveryImagePinned() {
        Pattern from = Pattern.compile("(\\S+) AS ([a-z][a-z0-9-]*)");
        List<String> stages = new ArrayList<>();
        for (Instruction i : all("FROM")) {
            Matcher m = from.matcher(i.arguments());
            assertTrue(m.matches(), "line " + i.line() + ": FROM IMAGE AS NAME expected, got " + i.arguments());
            String image = m.group(1).startsWith("${") ? argDefault(m.group(1).replaceAll("[${}]", "")) : m.group(1);
            assertPinned(image, i.line());
            stages.add(m.group(2));
        }
        assertEquals(List.of("jdk", "build", "runtime"), stages, "stages in order; the last is the image");
    }

    private static void assertPinned(String image, int line) {
        assertTrue(image.contains(":"), "line " + line + ": " + image + " has no tag");
        String tag = image.substring(image.indexOf(':') + 1);
        assertFalse(tag.equals("latest") || tag.isBlank(), "line " + line + ": " + image + " is not pinned");
        assertTrue(tag.matches(".*\\d+\\.\\d+.*"), "line " + line + ": " + image + " needs an exact version tag");
    }

    @Test
    void buildOnCudaDevelAndRunOnTheMatchingRuntime() {
        String build = all("FROM").get(1).arguments();
        Matcher devel = Pattern.compile("nvidia/cuda:(12\\.\\d+\\.\\d+)-devel-(ubuntu\\d+\\.\\d+) AS build")
                .matcher(build);
        assertTrue(devel.matches(), "build stage on an exact CUDA 12.x devel tag, got " + build);
        assertEquals(
                "nvidia/cuda:" + devel.group(1) + "-runtime-" + devel.group(2),
                argDefault("RUNTIME_IMAGE"),
                "the runtime image matches the devel image's CUDA and Ubuntu versions");
        assertTrue(all("FROM").get(0).arguments().matches("eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jdk-\\S+ AS jdk"));
    }

    /** The CPU variant is the same Dockerfile with RUNTIME_IMAGE set to the matching plain Ubuntu. */
    @Test
    void theCpuVariantIsDocumentedAndUsesTheSameUbuntu() throws IOException {
        String ubuntu = argDefault("RUNTIME_IMAGE").replaceAll(".*-ubuntu", "ubuntu:");
        String readme = Files.readString(Path.of("docker/README.md"));
        String cpuBuild = "--build-arg RUNTIME_IMAGE=" + ubuntu;
        assertTrue(readme.contains(cpuBuild), "docker/README.md shows the CPU build: " + cpuBuild);
        assertTrue(Files.readString(DOCKERFILE).contains(cpuBuild), "the Dockerfile's header too");
        assertEquals("${RUNTIME_IMAGE} AS runtime", all("FROM").get(2).arguments());
    }

    @Test
    void theOnlyBuildStepIsTheSharedScript() {
        List<String> builds = all("RUN").stream()
                .map(Instruction::arguments)
                .filter(r -> r.contains("mvn") || r.contains("jlink") || r.contains("build"))
                .toList();
        assertEquals(List.of("scripts/build-dist.sh /dist"), builds);
        assertTrue(Files.isExecutable(Path.of("scripts/build-dist.sh")));
    }

    @Test
    void theMavenDownloadIsChecked() {
        String download = all("RUN").stream()
                .map(Instruction::arguments)
                .filter(r -> r.contains("apache-maven"))
                .findFirst()
                .orElseThrow();
        assertTrue(download.contains("sha512sum -c"), download);
        assertTrue(argDefault("MAVEN_SHA512").matches("[0-9a-f]{128}"));
    }

    @Test
    void aptInstallsArePinnedAndCleanedUp() {
        for (Instruction i : all("RUN")) {
            if (i.arguments().contains("apt-get install")) {
                assertTrue(i.arguments().contains("--no-install-recommends"), "line " + i.line());
                assertTrue(i.arguments().contains("rm -rf /var/lib/apt/lists/*"), "line " + i.line());
                String packages = i.arguments()
                        .replaceAll(".*--no-install-recommends ", "")
                        .replaceAll(" &&.*", "");
                for (String p : packages.split(" +")) {
                    assertTrue(p.contains("="), "line " + i.line() + ": apt package " + p + " is not pinned");
                }
            }
        }
    }

    @Test
    void theImageRunsTheCliAsANonRootUserWithResultsOnAVolume() {
        List<Instruction> users = all("USER");
        assertEquals(1, users.size());
        String user = users.get(0).arguments();
        assertFalse(user.equals("root") || user.equals("0") || user.startsWith("0:"), user);
        assertTrue(all("RUN").stream()
                .anyMatch(
                        r -> r.arguments().contains("useradd") && r.arguments().contains(user)));
        assertEquals(
                List.of("[\"/work/results\"]"),
                all("VOLUME").stream().map(Instruction::arguments).toList());
        assertEquals("/work", all("WORKDIR").getLast().arguments());
        String entrypoint = all("ENTRYPOINT").getLast().arguments();
        assertTrue(entrypoint.startsWith("[\"/opt/sparse-eoc/jre/bin/java\""), "exec form: " + entrypoint);
        assertTrue(entrypoint.endsWith("\"-jar\", \"/opt/sparse-eoc/sparse-eoc-all.jar\"]"), entrypoint);
        // The CPU sparse products' fast loops need the Vector API module (backend.cpu.CpuSparseOps).
        assertTrue(entrypoint.contains("\"--add-modules=jdk.incubator.vector\""), entrypoint);
        // USER comes after every RUN of the runtime stage, so nothing else runs as root at run time.
        int runtime = all("FROM").get(2).line();
        int userLine = users.get(0).line();
        assertTrue(userLine > runtime);
        assertTrue(all("RUN").stream().noneMatch(r -> r.line() > userLine), "RUN after USER");
    }
}
