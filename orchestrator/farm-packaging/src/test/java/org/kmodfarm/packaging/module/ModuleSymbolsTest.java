package org.kmodfarm.packaging.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.Compression;

class ModuleSymbolsTest {
    static final Map<String, Long> USED = Map.of("printk", 0x27e1a049L, "__fentry__", 0xbdfb6dbbL,
            "module_layout", 0x0b2f5a1cL);
    static final Map<String, Long> EXPORTED = Map.of("kmodfarm_provider_answer", 0x1f2e3d4cL);

    @Test
    void readsTheSymbolsUsedFromVersionsAndTheExportedOnesFromKcrctab() {
        ModuleSymbols s = ModuleSymbols.of(TestModules.elf(USED, EXPORTED, false)).orElseThrow();
        assertEquals(USED, s.required());
        assertEquals(EXPORTED, s.exported());
    }

    @Test
    void absoluteCrcSymbolsOfOlderKernelsCarryTheCrcAsTheirValue() {
        assertEquals(EXPORTED, ModuleSymbols.of(TestModules.elf(USED, EXPORTED, true)).orElseThrow().exported());
    }

    @Test
    void compressedModulesAreReadThroughTheirCompression() {
        byte[] elf = TestModules.elf(USED, EXPORTED, false);
        assertEquals(USED, ModuleSymbols.of(Compression.XZ.compress(elf)).orElseThrow().required());
        assertEquals(USED, ModuleSymbols.of(Compression.GZIP.compress(elf)).orElseThrow().required());
    }

    @Test
    void nothingIsTrustedFromAnythingElse() {
        assertTrue(ModuleSymbols.of("ELF for 6.1".getBytes(StandardCharsets.US_ASCII)).isEmpty(), "not an ELF file");
        assertTrue(ModuleSymbols.of(TestModules.elf(Map.of(), Map.of(), false)).isPresent(), "an empty __versions");
        byte[] elf = TestModules.elf(USED, EXPORTED, false);
        assertTrue(ModuleSymbols.of(Arrays.copyOf(elf, 200)).isEmpty(), "a truncated file");
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0, 0, 0, 0};
        assertTrue(ModuleSymbols.of(zstd).isEmpty(), "zstd cannot be read here");
        byte[] noVersions = elf.clone();
        String text = new String(noVersions, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("__versions");
        noVersions[at] = 'X';
        assertTrue(ModuleSymbols.of(noVersions).isEmpty(), "no __versions: a kernel without CONFIG_MODVERSIONS");
    }
}
