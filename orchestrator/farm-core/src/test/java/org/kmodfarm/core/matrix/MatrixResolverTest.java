package org.kmodfarm.core.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.LocalMirror;
import org.kmodfarm.core.apt.AptIndexCache;
import org.kmodfarm.core.apt.HttpIndexFetcher;
import org.kmodfarm.core.apt.IndexFetcher;
import org.kmodfarm.core.apt.MirrorDefaults;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.SourceLocation;

class MatrixResolverTest {
    @TempDir
    Path dir;
    LocalMirror mirror;
    final AtomicInteger fetches = new AtomicInteger();
    volatile boolean offline;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void mirror() throws Exception {
        mirror = new LocalMirror(dir.resolve("mirror"));
        mirror.suite("bookworm", LocalMirror.headers("6.1.0-9-amd64", "6.1.27-1", "linux-compiler-gcc-12-x86")
                + LocalMirror.headers("6.1.0-47-amd64", "6.1.170-3", "linux-compiler-gcc-12-x86")
                + LocalMirror.headers("6.1.0-47-cloud-amd64", "6.1.170-3", "linux-compiler-gcc-12-x86")
                + LocalMirror.headers("6.1.0-47-common", "6.1.170-3", "gcc-12")
                + "Package: linux-headers-amd64\nVersion: 6.1.170-3\nDepends: linux-headers-6.1.0-47-amd64\n\n"
                + "Package: hello\nVersion: 1\n\n");
        mirror.suite("bookworm-security",
                LocalMirror.headers("6.1.0-56-amd64", "6.1.192-2", "linux-compiler-gcc-12-x86")
                        + LocalMirror.headers("6.12.113+deb12-amd64", "6.12.113-1~deb12u1", "gcc-12"));
        mirror.suite("sid", LocalMirror.headers("7.2.13+deb14-amd64", "7.2.13-1", "gcc-16-for-host"));
    }

    private List<KernelTarget> resolve(String yaml) throws Exception {
        return resolver().resolve(MatrixParser.parse(matrix(yaml)), false);
    }

    private MatrixResolver resolver() {
        IndexFetcher counting = uri -> {
            fetches.incrementAndGet();
            if (offline) {
                throw new java.net.ConnectException("Connection refused");
            }
            return new HttpIndexFetcher(Duration.ofSeconds(1), Duration.ofSeconds(1)).fetch(uri);
        };
        AptIndexCache cache = new AptIndexCache(dir.resolve("cache"), counting, Clock.systemUTC(),
                Duration.ofHours(1), warnings::add);
        SourceLocation here = SourceLocation.wholeFile(dir);
        return new MatrixResolver(cache, new MirrorDefaults(new Located<>(mirror.uri(), here),
                new Located<>(mirror.uri(), here)));
    }

    private Path matrix(String yaml) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void selectsOldestAndNewestPerFlavourAcrossSuites() throws Exception {
        List<KernelTarget> t = resolve("""
                targets:
                  - release: bookworm
                    suites: [bookworm, bookworm-security]
                    flavours: [amd64, cloud-amd64]
                    kernels: {match: '^6\\.1\\.', oldest: 1, newest: 1}
                """);
        assertEquals(List.of("6.1.0-47-cloud-amd64", "6.1.0-56-amd64", "6.1.0-9-amd64"),
                t.stream().map(k -> k.kernel().value()).sorted().toList());
        KernelTarget newest = t.stream().filter(k -> k.kernel().value().equals("6.1.0-56-amd64")).findFirst().get();
        assertEquals("bookworm-security", newest.suite());
        assertEquals("gcc-12", newest.compiler());
        assertEquals("linux-compiler-gcc-12-x86", newest.compilerPackage());
        assertEquals("6.1.192-2", newest.headersVersion().value());
        assertEquals(List.of("bookworm", "bookworm-security"),
                newest.aptSources().stream().map(s -> s.suite()).toList());
    }

    @Test
    void namesTheCompilerOfNewerHeaders() throws Exception {
        KernelTarget sid = resolve("""
                targets:
                  - {release: sid, suites: [sid], flavours: [amd64], kernels: all}
                """).get(0);
        assertEquals("gcc-16", sid.compiler());
        assertEquals("gcc-16-for-host", sid.compilerPackage());
    }

    @Test
    void secondResolutionUsesTheCacheWithoutNetwork() throws Exception {
        String yaml = "targets:\n  - {release: sid, suites: [sid], flavours: [amd64], kernels: all}\n";
        resolve(yaml);
        int first = fetches.get();
        assertEquals(2, first); // Release + Packages.xz
        resolve(yaml);
        assertEquals(first, fetches.get());
    }

    @Test
    void changedReleaseRefetchesOnlyWhatChanged() throws Exception {
        String yaml = "targets:\n  - {release: sid, suites: [sid], flavours: [amd64], kernels: all}\n";
        resolve(yaml);
        mirror.suite("sid", LocalMirror.headers("7.2.14+deb14-amd64", "7.2.14-1", "gcc-16-for-host"));
        List<KernelTarget> again = resolver().resolve(MatrixParser.parse(matrix(yaml)), true);
        assertEquals("7.2.14+deb14-amd64", again.get(0).kernel().value());
    }

    @Test
    void unreachableMirrorFallsBackToTheCacheWithAWarning() throws Exception {
        String yaml = "targets:\n  - {release: sid, suites: [sid], flavours: [amd64], kernels: all}\n";
        resolve(yaml);
        offline = true;
        List<KernelTarget> t = resolver().resolve(MatrixParser.parse(matrix(yaml)), true);
        assertEquals(1, t.size());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("using the index cached"), warnings.toString());
    }

    @Test
    void unknownSuiteFlavourAndKernelAreReportedAtTheirLines() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> resolve("""
                targets:
                  - release: bookworm
                    suites: [bookworm, bookwrom]
                    flavours: [amd64]
                    kernels: all
                  - release: sid
                    suites: [sid]
                    flavours: [amd46]
                    kernels: all
                  - name: pinned
                    release: bookworm
                    suites: [bookworm]
                    flavours: [amd64]
                    kernels: {releases: [6.1.0-99-amd64]}
                """));
        String all = e.problems().toString();
        assertEquals(3, e.problems().size(), all);
        assertTrue(e.problems().get(0).render().contains("m.yaml:3: the mirror has no suite 'bookwrom'"), all);
        assertTrue(e.problems().get(1).render().contains("m.yaml:8: no kernel headers of flavour 'amd46'"), all);
        assertTrue(e.problems().get(1).fix().contains("flavours found there: amd64"), all);
        assertTrue(e.problems().get(2).render().contains("m.yaml:14: kernel 6.1.0-99-amd64 is not in bookworm"), all);
    }

    @Test
    void unreachableMirrorIsReportedAtTheMirrorLine() throws Exception {
        BadInputException e = assertThrows(BadInputException.class, () -> resolve("""
                mirror: http://127.0.0.1:9/debian
                targets:
                  - {release: sid, suites: [sid], flavours: [amd64], kernels: all}
                """));
        assertTrue(e.problems().get(0).render().contains("m.yaml:1: mirror http://127.0.0.1:9/debian does not answer"),
                e.problems().toString());
    }


}
