package org.kmodfarm.core.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;

class MatrixParserTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private List<String> problems(String yaml) throws Exception {
        Path f = write(yaml);
        BadInputException e = assertThrows(BadInputException.class, () -> MatrixParser.parse(f));
        return e.problems().stream().map(Problem::render).collect(Collectors.toList());
    }

    @Test
    void readsAGroupWithDefaults() throws Exception {
        MatrixSpec spec = MatrixParser.parse(write("""
                targets:
                  - release: bookworm
                    suites: [bookworm, bookworm-updates]
                    flavours: [amd64, cloud-amd64]
                    kernels: {match: '^6\\.1\\.', newest: 1, oldest: 1}
                """));
        TargetGroup g = spec.groups().get(0);
        assertEquals("bookworm", g.name());
        assertEquals("debian", g.distro());
        assertEquals(List.of(Arch.AMD64), g.archs().stream().map(Located::value).toList());
        assertEquals(2, g.suites().size());
        assertEquals(3, g.suites().get(0).where().line());
        assertEquals(1, g.kernels().newest());
        assertTrue(g.kernels().match().isPresent());
    }

    @Test
    void reportsEveryProblemWithFileAndLine() throws Exception {
        List<String> p = problems("""
                targets:
                  - release: bookworm
                    suits: [bookworm]
                    flavours: [amd64]
                    arch: vax
                    kernels: {match: '6.1.(', newest: -1}
                """);
        String all = String.join("\n", p);
        assertTrue(all.contains("m.yaml:3: unknown key 'suits'"), all);
        assertTrue(all.contains("did you mean 'suites'?"), all);
        assertTrue(all.contains("m.yaml:5: unknown architecture 'vax'"), all);
        assertTrue(all.contains("m.yaml:6: bad regex '6.1.('"), all);
        assertTrue(all.contains("'newest' must be a whole number >= 0"), all);
        assertTrue(all.contains("no suites"), all);
    }

    @Test
    void yamlSyntaxErrorsNameTheLine() throws Exception {
        List<String> p = problems("targets:\n  - release: bookworm\n   suites: [x\n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith(dir.resolve("m.yaml") + ":"), p.get(0));
        assertTrue(p.get(0).contains("not valid YAML"), p.get(0));
    }

    @Test
    void emptyFileAndDuplicateNamesAreProblems() throws Exception {
        assertTrue(problems("").get(0).contains("the file is empty"));
        List<String> p = problems("""
                targets:
                  - {name: a, release: sid, suites: [sid], flavours: [amd64], kernels: all}
                  - {name: a, release: sid, suites: [sid], flavours: [amd64], kernels: all}
                """);
        assertTrue(p.get(0).contains("m.yaml:3: group name 'a' used twice"), p.toString());
    }

    @Test
    void theShippedMatrixParses() {
        Path shipped = Path.of("../../kernel-matrix/debian.yaml");
        MatrixSpec spec = MatrixParser.parse(shipped);
        assertTrue(spec.groups().size() >= 4);
    }
}
