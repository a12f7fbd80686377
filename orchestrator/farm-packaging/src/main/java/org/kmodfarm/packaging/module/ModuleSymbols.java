package org.kmodfarm.packaging.module;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.ElfFile;

/**
 * The symbol versions of one kernel module, read from its ELF file in Java: the kernel symbols it uses with the CRC
 * it was built against (its {@code __versions} section, which modpost writes when the kernel has
 * {@code CONFIG_MODVERSIONS}), and the symbols it exports with theirs (the {@code __crc_SYMBOL} labels modpost
 * places in {@code __kcrctab}, or absolute {@code __crc_} symbols on older kernels). This is what SUSE's KMP
 * dependencies ({@code ksym(FLAVOR:SYMBOL) = CRC}) are made of.
 *
 * @param required symbol → CRC the module was linked against
 * @param exported symbol → CRC of what it exports to other modules
 */
record ModuleSymbols(Map<String, Long> required, Map<String, Long> exported) {
    /** {@code struct modversion_info}: an {@code unsigned long} CRC, then the name, 64 bytes in all. */
    private static final int MODVERSION_INFO = 64;

    ModuleSymbols {
        required = Map.copyOf(required);
        exported = Map.copyOf(exported);
    }

    /**
     * Reads a module file as the tree holds it (plain, gzip or xz compressed).
     *
     * @return empty when the symbol versions cannot be read: a zstd module (no decompressor here), not an ELF
     *         file, or a module without {@code __versions} (a kernel built without CONFIG_MODVERSIONS)
     */
    static Optional<ModuleSymbols> of(byte[] file) {
        Compression compression = Compression.ofMagic(Arrays.copyOf(file, Math.min(file.length, 8)));
        if (!compression.supported()) {
            return Optional.empty();
        }
        byte[] elf;
        try (InputStream in = compression.decompress(new ByteArrayInputStream(file))) {
            elf = in.readAllBytes();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            return parse(elf);
        } catch (IllegalArgumentException e) {
            // a truncated or malformed ELF file has no symbol versions worth trusting
            return Optional.empty();
        }
    }

    private static Optional<ModuleSymbols> parse(byte[] bytes) {
        ElfFile elf = ElfFile.parse(bytes);
        Optional<ElfFile.Section> versions = elf.section("__versions");
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> required = new TreeMap<>();
        int crcSize = elf.wide() ? 8 : 4;
        for (long at = versions.get().offset(); at + MODVERSION_INFO <= versions.get().end(); at += MODVERSION_INFO) {
            String name = elf.string(at + crcSize, MODVERSION_INFO - crcSize);
            if (!name.isEmpty()) {
                required.put(name, elf.word(at) & 0xffffffffL);
            }
        }
        return Optional.of(new ModuleSymbols(required, exported(elf)));
    }

    /** modpost's {@code __crc_SYMBOL} labels: absolute on older kernels, else pointing into {@code __kcrctab}. */
    private static Map<String, Long> exported(ElfFile elf) {
        Map<String, Long> exported = new TreeMap<>();
        for (ElfFile.Symbol symbol : elf.symbols()) {
            if (!symbol.name().startsWith("__crc_")) {
                continue;
            }
            long crc;
            if (symbol.section() == ElfFile.Symbol.ABSOLUTE) {
                crc = symbol.value() & 0xffffffffL;
            } else if (symbol.section() < elf.sections().size()) {
                crc = elf.u32(elf.sections().get(symbol.section()).offset() + symbol.value());
            } else {
                throw new IllegalArgumentException("symbol " + symbol.name() + " lies in no section");
            }
            exported.put(symbol.name().substring("__crc_".length()), crc);
        }
        return exported;
    }
}
