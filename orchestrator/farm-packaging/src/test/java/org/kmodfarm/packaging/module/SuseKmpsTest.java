package org.kmodfarm.packaging.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.core.farm.CellId;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.CellTimings;
import org.kmodfarm.core.farm.CompilerCacheStats;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.ModuleInfo;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;
import org.kmodfarm.packaging.rpm.RpmWriter;

class SuseKmpsTest {
    static final ModuleVersion HELLO = new ModuleVersion("my_hello", "1.2-3");
    static final Instant TIME = Instant.parse("2026-11-26T10:00:00Z");
    static final String OLD = "6.1.0-56-amd64";
    static final String NEW = "6.12.95+deb12-amd64";
    @TempDir
    Path dir;
    FarmTree tree;

    @BeforeEach
    void tree() throws IOException {
        tree = new FarmTree(dir.resolve("results"));
        Path source = Files.createDirectories(dir.resolve("src"));
        Files.writeString(source.resolve("dkms.conf"), "PACKAGE_NAME=my_hello\nPACKAGE_VERSION=1.2-3\n");
        tree.linkSource("my_hello", "1.2-3", source, "abc");
        // the 6.1 build uses two kernel symbols, and one of its modules uses what the other exports
        store(OLD, Map.of("my_hello.ko", TestModules.elf(Map.of("printk", 0x27e1a049L, "helper_fn", 0x11L),
                        Map.of(), false), "my_helper.ko", TestModules.elf(Map.of("__fentry__", 0xbdfb6dbL),
                        Map.of("helper_fn", 0x11L), false)),
                Map.of("my_hello.ko", List.of("my_helper")));
        // the 6.12 build's module is no ELF file: its symbol versions cannot be read
        store(NEW, Map.of("my_hello.ko", "not an ELF".getBytes(StandardCharsets.US_ASCII)), Map.of());
    }

    void store(String kernel, Map<String, byte[]> kos, Map<String, List<String>> depends) throws IOException {
        CellId id = new CellId("my_hello", "1.2-3", kernel, "x86_64");
        List<ModuleInfo> modules = kos.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> ModuleInfo.parse(e.getKey(), e.getValue(), "name: " + e.getKey().replace(".ko", "")
                        + "\nlicense: GPL\nalias: pci:v00001234d*sv*sd*bc*sc*i*\nalias: my-hello\ndepends: "
                        + String.join(",", depends.getOrDefault(e.getKey(), List.of())) + "\n")).toList();
        byte[] log = "log".getBytes(StandardCharsets.US_ASCII);
        tree.store(new CellResult(CellResult.SCHEMA, id, new CellResult.Target("debian", "bookworm",
                        "bookworm-security", "amd64", "bookworm"), CellOutcome.BUILT, "r", 1,
                new CellTimings(1, 1, 1, 1), new CellResult.Image("kmodfarm/builder:x", "sha256:1"), "key-" + kernel,
                "src", "build", 0, "", modules, null, "", Digests.sha256(log), false, "", "run",
                "2026-11-26T10:00:00Z", "2026-11-26T10:00:00Z", "", new CompilerCacheStats(0, 0, 0), null),
                kos, new byte[0], log);
    }

    CellResult cell(String kernel) throws IOException {
        return ModuleBuilds.load(tree, HELLO).built().stream().filter(c -> c.cell().kernel().equals(kernel))
                .findFirst().orElseThrow();
    }

    PackageSpec spec(String kernel) throws IOException {
        return SuseKmps.spec(ModuleBuilds.load(tree, HELLO), cell(kernel), "Jane Doe <jane@example.org>", TIME);
    }

    @Test
    void theFlavourIsTheReleasesLastPartAndTheVersionCarriesTheRestAfterK() {
        SuseKmps.KmpKernel debian = SuseKmps.KmpKernel.of("6.1.0-56-amd64");
        assertEquals("amd64", debian.flavour());
        assertEquals("6.1.0-56", debian.version());
        assertEquals("1.2_3_k6.1.0_56", debian.kmpVersion("1.2-3"));
        SuseKmps.KmpKernel suse = SuseKmps.KmpKernel.of("6.4.0-150600.23.25-default");
        assertEquals("default", suse.flavour());
        assertEquals("0.1_k6.4.0_150600.23.25", suse.kmpVersion("0.1"));
        assertThrows(IllegalArgumentException.class, () -> SuseKmps.KmpKernel.of("6.1.0"));
    }

    @Test
    void aKmpIsNamedByFlavourAndHoldsTheModulesUnderUpdates() throws IOException {
        PackageSpec s = spec(OLD);
        assertEquals("my-hello-kmp-amd64", s.name());
        assertEquals("1.2_3_k6.1.0_56", s.version());
        assertEquals(List.of("/lib/modules/6.1.0-56-amd64/updates/my_hello.ko",
                "/lib/modules/6.1.0-56-amd64/updates/my_helper.ko"), s.files().stream().map(PackageFile::path).toList());
        assertTrue(s.provides().containsAll(List.of(Relation.exactly("my-hello-kmp", "1.2_3_k6.1.0_56"),
                Relation.of("multiversion(kernel)"))), s.provides().toString());
        assertEquals(List.of(Relation.of("kernel-amd64")), s.enhances());
        assertEquals(List.of(Relation.of("modalias(kernel-amd64:my-hello)"),
                Relation.of("modalias(kernel-amd64:pci:v00001234d*sv*sd*bc*sc*i*)")), s.supplements());
    }

    @Test
    void kernelSymbolsTheModulesUseAreRequiredAndThoseTheyExportProvided() throws IOException {
        PackageSpec s = spec(OLD);
        assertEquals(List.of(Relation.of("kernel-amd64"), Relation.exactly("ksym(amd64:__fentry__)", "bdfb6db"),
                Relation.exactly("ksym(amd64:printk)", "27e1a049")), s.depends(),
                "the symbol one module takes from the other is no kernel requirement");
        assertTrue(s.provides().contains(Relation.exactly("ksym(amd64:helper_fn)", "11")), s.provides().toString());
    }

    @Test
    void withoutReadableSymbolVersionsTheKmpRequiresItsExactKernel() throws IOException {
        PackageSpec s = spec(NEW);
        assertEquals("1.2_3_k6.12.95+deb12", s.version());
        assertEquals(List.of(Relation.of("kernel-amd64"), Relation.exactly("kernel-uname-r", NEW)), s.depends());
    }

    @Test
    void scriptletsUseSusesToolsWhenPresentElseDepmod() throws IOException {
        Map<MaintainerScript, String> scripts = spec(OLD).scripts();
        String post = scripts.get(MaintainerScript.POSTINST);
        assertTrue(post.contains("/usr/lib/module-init-tools/kernel-scriptlets/kmp-post --name my-hello-kmp-amd64 "
                + "--version 1.2_3_k6.1.0_56 --release 1 --kernelrelease 6.1.0-56 --flavor amd64 \"$@\""), post);
        assertTrue(post.contains("weak-modules2 --add-kmp my-hello-kmp-amd64-1.2_3_k6.1.0_56-1"), post);
        assertTrue(post.contains("depmod -a 6.1.0-56-amd64"), post);
        assertTrue(scripts.get(MaintainerScript.PRERM).contains("kmp-preun"));
        String postun = scripts.get(MaintainerScript.POSTRM);
        assertTrue(postun.contains("kmp-postun") && postun.contains("--remove-kmp") && postun.contains("depmod -a"),
                postun);
    }

    @Test
    void theSuseDiskHoldsTheKmpsTheNewestKernelsModulesInOrderAndItsConfig() throws IOException {
        ModuleBuilds builds = ModuleBuilds.load(tree, HELLO);
        Map<String, byte[]> disk = SuseDriverDisks.tree(builds, builds.built(), "Jane Doe <jane@example.org>", TIME,
                new RpmWriter(), "sles15");
        String base = "linux/suse/x86_64-sles15/";
        assertEquals(List.of(base + "dud.config", base + "install/my-hello-kmp-amd64-1.2_3_k6.1.0_56-1.x86_64.rpm",
                base + "install/my-hello-kmp-amd64-1.2_3_k6.12.95+deb12-1.x86_64.rpm", base + "modules/module.order",
                base + "modules/my_hello.ko"), List.copyOf(disk.keySet()));
        assertArrayEquals("not an ELF".getBytes(StandardCharsets.US_ASCII), disk.get(base + "modules/my_hello.ko"),
                "the newest kernel's module");
        String config = new String(disk.get(base + "dud.config"), StandardCharsets.UTF_8);
        assertTrue(config.matches("(?s)# written by kmodfarm\nUpdateID:\t[0-9a-f-]{36}\n.*"), config);
        assertTrue(config.contains("UpdateName:\tmy_hello/1.2-3 kernel modules for " + NEW + "\n"), config);
        assertArrayEquals(disk.get(base + "dud.config"), SuseDriverDisks.tree(builds, builds.built(),
                "Jane Doe <jane@example.org>", TIME, new RpmWriter(), "sles15").get(base + "dud.config"), "the same id again");
        Map<String, byte[]> old = SuseDriverDisks.tree(builds, List.of(cell(OLD)), "Jane Doe <jane@example.org>",
                TIME, new RpmWriter(), "leap15.6");
        assertEquals("my_helper\nmy_hello\n", new String(old.get("linux/suse/x86_64-leap15.6/modules/module.order"),
                StandardCharsets.UTF_8), "dependencies load first");
        assertThrows(IllegalArgumentException.class, () -> SuseDriverDisks.tree(builds, builds.built(),
                "Jane Doe <jane@example.org>", TIME, new RpmWriter(), "debian12"));
    }

    @Test
    void mkkmpAndTheSuseDiskGoThroughModulePackaging() throws IOException, InterruptedException {
        ModulePackaging packaging = new ModulePackaging(tree, new PackagingOptions("Jane Doe <jane@example.org>",
                Optional.of("42")));
        List<Path> kmps = packaging.binaryModules(BinaryFormat.KMP, HELLO, Optional.empty(), Optional.empty(),
                dir.resolve("kmp"));
        assertEquals(List.of("my-hello-kmp-amd64-1.2_3_k6.1.0_56-1.x86_64.rpm",
                "my-hello-kmp-amd64-1.2_3_k6.12.95+deb12-1.x86_64.rpm"),
                kmps.stream().map(p -> p.getFileName().toString()).toList());
        Path tar = packaging.suseDriverDisk(HELLO, Optional.empty(), Optional.empty(), "sles15", DiskMedia.TAR,
                (staging, label, time, file) -> {
                    throw new AssertionError("no ISO for a tar");
                }, dir.resolve("dud"));
        assertEquals("dud-my_hello-1.2-3.tar.gz", tar.getFileName().toString());
        BadInputException e = assertThrows(BadInputException.class, () -> packaging.suseDriverDisk(HELLO,
                Optional.empty(), Optional.empty(), "ubuntu", DiskMedia.TAR, null, dir.resolve("dud")));
        assertTrue(e.problems().get(0).fix().contains("--dist"), e.problems().toString());
    }
}
