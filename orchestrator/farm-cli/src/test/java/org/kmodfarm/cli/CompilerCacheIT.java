package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.FarmTree;

/**
 * The compiler cache on the real engine: with {@code cell.compiler-cache: true}, building the example module
 * again ({@code --rebuild}) for the same kernel hits the cache, and the hits are in result.json.
 */
class CompilerCacheIT {
    @TempDir
    Path work;

    int run(String... args) {
        RealCli r = RealCli.run(work, Map.of("KMODFARM_CELL_COMPILER_CACHE", "true"), args);
        assertEquals(0, r.code(), r.output());
        return r.code();
    }

    @Test
    void aRebuildHitsTheCache() throws Exception {
        Path matrix = work.resolve("one-kernel.yaml");
        Files.writeString(matrix, """
                distro: debian
                targets:
                  - {name: bookworm, release: bookworm, suites: [bookworm, bookworm-updates, bookworm-security],
                     flavours: [amd64], kernels: {match: '^6\\.1\\.', newest: 1}}
                """);
        String hello = RealFarmIT.repo("examples/hello").toString();
        // A fresh tree and --rebuild: the cell cache is out of the way, the compiler cache may be warm or cold.
        run("build", hello, "--matrix", matrix.toString(), "--rebuild");
        run("build", hello, "--matrix", matrix.toString(), "--rebuild");
        CellResult second = result();
        assertTrue(second.compilerCache().hits() > 0 && second.compilerCache().hitRatio() > 0.5,
                "the rebuild was served by the compiler cache: " + second.compilerCache());
    }

    private CellResult result() throws Exception {
        try (Stream<Path> files = Files.walk(work.resolve("results/.kmodfarm/cells"))) {
            List<Path> found = files.filter(p -> p.getFileName().toString().equals("result.json")).toList();
            assertEquals(1, found.size(), found.toString());
            return FarmTree.readJson(found.get(0), CellResult.class);
        }
    }
}
