package org.kmodfarm.core.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.FakeImageStore;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.DebianVersion;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.KernelRelease;
import org.kmodfarm.model.KernelTarget;

class BuilderImagesTest {
    static final URI MIRROR = URI.create("http://deb.example/debian");
    final FakeImageStore store = new FakeImageStore();
    final List<String> bootstraps = new ArrayList<>();
    final RootfsBootstrapper bootstrapper = new RootfsBootstrapper() {
        @Override
        public String tool() {
            return "fake";
        }

        @Override
        public void bootstrap(String release, Arch arch, URI mirror, boolean checkValidUntil, Path tarball)
                throws InterruptedException {
            bootstraps.add(release + " " + mirror + " " + checkValidUntil);
            try {
                Files.write(tarball, new byte[1024]);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    static KernelTarget target(String release, String suite, String kernel, String version) {
        return new KernelTarget(release, "debian", release, suite, Arch.AMD64, "amd64", KernelRelease.parse(kernel),
                "linux-headers-" + kernel, new DebianVersion(version), "linux-compiler-gcc-12-x86", "gcc-12",
                List.of(new AptSource(MIRROR, release), new AptSource(MIRROR, suite)));
    }

    BuilderImages images(BaseSource source) {
        return new BuilderImages(store, bootstrapper, new ImageSettings(source, Duration.ofSeconds(5), false),
                line -> { }, line -> { });
    }

    final List<KernelTarget> two = List.of(target("bookworm", "bookworm", "6.1.0-47-amd64", "6.1.170-3"),
            target("bookworm", "bookworm-backports", "6.12.95+deb12-amd64", "6.12.95-1~bpo12+1"));

    @Test
    void oneBasePerReleaseThenOneImagePerKernel() throws Exception {
        List<BuilderImage> result = images(BaseSource.AUTO).ensure(two, false, 2);
        assertEquals(1, bootstraps.size());
        assertEquals("bookworm http://deb.example/debian false", bootstraps.get(0));
        assertEquals(2, result.size());
        assertTrue(result.stream().allMatch(BuilderImage::built));
        assertTrue(result.get(1).tag().startsWith("kmodfarm/builder:6.12.95_deb12-amd64-"), result.get(1).tag());
        long builds = store.calls.stream().filter(c -> c.startsWith("build ")).count();
        assertEquals(3, builds); // the base and two kernels
        assertTrue(store.calls.stream().anyMatch(c -> c.contains("SUITE=bookworm-backports")), store.calls.toString());
    }

    @Test
    void secondRunReusesEverythingAndTagsAreStable() throws Exception {
        List<BuilderImage> first = images(BaseSource.BOOTSTRAP).ensure(two, false, 2);
        int calls = store.calls.size();
        List<BuilderImage> second = images(BaseSource.BOOTSTRAP).ensure(two, false, 2);
        assertEquals(calls, store.calls.size());
        assertFalse(second.get(0).built());
        assertEquals(first.get(0).tag(), second.get(0).tag());
        assertEquals(first.get(0).id(), second.get(0).id());
    }

    @Test
    void rebuildMakesThemAllAgain() throws Exception {
        images(BaseSource.BOOTSTRAP).ensure(two, false, 2);
        List<BuilderImage> again = images(BaseSource.BOOTSTRAP).ensure(two, true, 2);
        assertEquals(2, bootstraps.size());
        assertTrue(again.stream().allMatch(BuilderImage::built));
    }

    @Test
    void pullIsTriedFirstAndBootstrapIsTheFallback() throws Exception {
        images(BaseSource.AUTO).ensure(two.subList(0, 1), false, 1);
        assertEquals("pull debian:bookworm", store.calls.get(0));
        assertEquals(1, bootstraps.size());
        store.images.clear();
        store.registryAnswers = true;
        images(BaseSource.AUTO).ensure(two.subList(0, 1), false, 1);
        assertEquals(1, bootstraps.size());
    }

    @Test
    void pullOnlyFailsClearlyWithoutRegistry() {
        InfraException e = assertThrows(InfraException.class, () -> images(BaseSource.PULL).ensure(two, false, 2));
        assertTrue(e.fix().contains("bootstrap"), e.fix());
        assertTrue(bootstraps.isEmpty());
    }

    @Test
    void recordsDigestsInTheTree(@TempDir Path tree) throws Exception {
        List<BuilderImage> built = images(BaseSource.BOOTSTRAP).ensure(two, false, 2);
        ImageRecords records = new ImageRecords(tree);
        records.record(built);
        var read = records.read();
        assertEquals(2, read.size());
        assertEquals(built.get(0).id(), read.get(built.get(0).tag()).id());
        assertEquals("linux-headers-6.1.0-47-amd64=6.1.170-3", read.get(built.get(0).tag()).headers());
    }

    @Test
    void tagsArePredictedWithoutTheEngine() throws Exception {
        java.util.Set<String> predicted = images(BaseSource.BOOTSTRAP).tags(two);
        images(BaseSource.BOOTSTRAP).ensure(two, false, 2);
        assertEquals(new java.util.TreeSet<>(store.images.keySet()), predicted);
    }
}
