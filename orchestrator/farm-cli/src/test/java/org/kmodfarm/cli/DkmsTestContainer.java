package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bash script of the test resources run as root in a disposable container of the DKMS test image (bookworm, a
 * {@code linux-image} package and its headers installed by dpkg, a JRE; see {@code images/dkms-test/}), with
 * this checkout mounted read-only at its own path and given as {@code $1}. The image comes from
 * {@code scripts/dkms-upstream-tests --print-image}, which builds it the first time (about 70 s).
 */
final class DkmsTestContainer {
    private static final Path REPO = DkmsUpstreamSuiteIT.REPO;
    private static final String PREFIX = "kmodfarm/dkms-test:";

    private final String image;

    private DkmsTestContainer(String image) {
        this.image = image;
    }

    static DkmsTestContainer image() throws IOException, InterruptedException {
        List<String> printed = run(10, List.of(DkmsUpstreamSuiteIT.SCRIPT.toString(), "--print-image")).lines()
                .filter(l -> l.startsWith(PREFIX)).toList();
        assertEquals(1, printed.size(), "the test image tag: " + printed);
        return new DkmsTestContainer(printed.get(0));
    }

    /** The image's tag, for tests that run their own containers of it. */
    String tag() {
        return image;
    }

    /** The image's kernel release ({@code KERNEL_VER} inside). */
    String kernel() {
        return image.substring(PREFIX.length(), image.lastIndexOf('-'));
    }

    /**
     * Runs {@code resource} (a test resource) in a new container with the checkout mounted read-only at its own path
     * (its first argument); it must exit 0.
     *
     * @param args more arguments, e.g. paths inside the checkout
     * @return its output
     */
    String runScript(String resource, String... args) throws IOException, InterruptedException {
        Path script = Files.createTempFile("dkms-test-container", ".sh");
        try (InputStream in = DkmsTestContainer.class.getResourceAsStream("/" + resource)) {
            Files.write(script, in.readAllBytes());
            List<String> command = new java.util.ArrayList<>(List.of("docker", "run", "--rm", "--label",
                    "kmodfarm.managed=true", "--label", "kmodfarm.kind=dkms-test", "-v", REPO + ":" + REPO + ":ro",
                    "-v", script + ":/check.sh:ro", image, "bash", "/check.sh", REPO.toString()));
            command.addAll(List.of(args));
            return run(10, command);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /**
     * The file of the image's kernel package, {@code linux-image-KERNEL}, fetched once with this machine's apt into
     * the checkout's {@code orchestrator/farm-cli/target/kernel-debs} (so containers of the image see it).
     */
    Path kernelPackage() throws IOException, InterruptedException {
        Path dir = REPO.resolve("orchestrator/farm-cli/target/kernel-debs");
        Files.createDirectories(dir);
        String name = "linux-image-" + kernel();
        try (var files = Files.list(dir)) {
            var found = files.filter(f -> f.getFileName().toString().startsWith(name + "_")).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        Process p = new ProcessBuilder("apt-get", "download", name).directory(dir.toFile()).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "apt-get download " + name + ":\n" + output);
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(name + "_")).findFirst()
                    .orElseThrow(() -> new AssertionError("apt-get download left no " + name + ": " + output));
        }
    }

    private static String run(long minutes, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("dkms-test-container", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command + "\n" + Files.readString(out));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
