package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack for real: Debian's mirror, the Docker engine, mmdebstrap, and the host's modinfo.
 * Builds one base and two builder images from different suites, then the example module in both.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealFarmIT {
    @TempDir
    static Path work;
    String out;
    String err;

    int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        // KMODFARM_HOME: where the build containers' runner, the packaged jar, is found.
        int code = Cli.run(args, work, Map.of("KMODFARM_HOME", repo("").toString()), DockerServices::new,
                new PrintWriter(o), new PrintWriter(e));
        out = o.toString();
        err = e.toString();
        return code;
    }

    static Path repo(String path) {
        return Path.of("../..").resolve(path).toAbsolutePath().normalize();
    }

    @Test
    @Order(1)
    void resolvesTheShippedMatrixAgainstTheRealMirror() {
        assertEquals(0, run("matrix", "resolve", repo("kernel-matrix/debian.yaml").toString()), err);
        Matcher m = Pattern.compile("(\\d+) kernel targets from (\\d+) suites").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Integer.parseInt(m.group(1)) >= 6, out);
        assertTrue(Integer.parseInt(m.group(2)) >= 3, out);
        assertTrue(out.contains("gcc-14"), "trixie's kernels are built with gcc-14:\n" + out);
    }

    @Test
    @Order(2)
    void buildsImagesFromTwoSuitesThenReusesThem() {
        String matrix = repo("kernel-matrix/demo.yaml").toString();
        assertEquals(0, run("images", "build", "--matrix", matrix), err + out);
        assertTrue(out.contains("2 builder images"), out);
        Set<String> suites = new TreeSet<>();
        assertEquals(0, run("matrix", "resolve", "--json", matrix), err);
        for (String s : List.of("bookworm-backports", "bookworm-security", "bookworm\"")) {
            if (out.contains("\"suite\" : \"" + s)) {
                suites.add(s);
            }
        }
        assertTrue(suites.size() >= 2, "images come from two suites: " + out);
        assertEquals(0, run("images", "build", "--matrix", matrix), err + out);
        assertTrue(out.contains("2 builder images (0 built, 2 reused)"), out);
        assertEquals(0, run("images", "list"));
        // columns are as wide as their widest cell, which depends on what else the engine holds
        assertTrue(Pattern.compile("(?m)^builder +kmodfarm/builder:6\\.12\\.").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^base +kmodfarm/base:debian-bookworm-amd64-").matcher(out).find(), out);
    }

    @Test
    @Order(3)
    void buildsTheExampleModuleOfflineWithMatchingVermagic() throws Exception {
        assertEquals(0, run("demo", "--matrix", repo("kernel-matrix/demo.yaml").toString()), err + out);
        List<Path> modules;
        try (Stream<Path> walk = Files.walk(work.resolve("results/kmodfarm-hello/0.1"))) {
            // compressed as each kernel's .config says: none on 6.1, xz on 6.12
            modules = walk.filter(p -> p.toString().matches(".*\\.ko(\\.xz|\\.zst|\\.gz)?")).toList();
        }
        assertEquals(2, modules.size(), modules.toString());
        assertTrue(modules.stream().anyMatch(p -> p.toString().contains("/6.12.") && p.toString().endsWith(".ko.xz")),
                "6.12's .config asks for xz: " + modules);
        for (Path ko : modules) {
            String kernel = ko.getParent().getParent().getParent().getFileName().toString();
            Process p = new ProcessBuilder("modinfo", "-F", "vermagic", ko.toString()).redirectErrorStream(true).start();
            String vermagic = new String(p.getInputStream().readAllBytes()).strip();
            assertEquals(0, p.waitFor(), vermagic);
            assertTrue(vermagic.startsWith(kernel + " "), kernel + " vs " + vermagic);
        }
    }
}
