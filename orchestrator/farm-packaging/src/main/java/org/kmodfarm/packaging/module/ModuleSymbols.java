package org.kmodfarm.packaging.module;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kmodfarm.archive.Compression;

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
    private static final int SHN_ABS = 0xfff1;
    private static final int SHT_SYMTAB = 2;
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
        } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException e) {
            // a truncated or malformed ELF file has no symbol versions worth trusting
            return Optional.empty();
        }
    }

    private static Optional<ModuleSymbols> parse(byte[] elf) {
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            return Optional.empty();
        }
        boolean wide = elf[4] == 2;
        ByteBuffer b = ByteBuffer.wrap(elf).order(elf[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        Sections s = Sections.read(b, wide);
        Optional<Section> versions = s.named("__versions");
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> required = new TreeMap<>();
        int crcSize = wide ? 8 : 4;
        for (long at = versions.get().offset(); at + MODVERSION_INFO <= versions.get().end(); at += MODVERSION_INFO) {
            long crc = (wide ? b.getLong((int) at) : b.getInt((int) at)) & 0xffffffffL;
            String name = cString(elf, (int) at + crcSize, MODVERSION_INFO - crcSize);
            if (!name.isEmpty()) {
                required.put(name, crc);
            }
        }
        return Optional.of(new ModuleSymbols(required, exported(b, elf, s, wide)));
    }

    private static Map<String, Long> exported(ByteBuffer b, byte[] elf, Sections s, boolean wide) {
        Map<String, Long> exported = new TreeMap<>();
        for (Section symtab : s.all()) {
            if (symtab.type() != SHT_SYMTAB) {
                continue;
            }
            Section strings = s.all()[symtab.link()];
            int size = wide ? 24 : 16;
            for (long at = symtab.offset(); at + size <= symtab.end(); at += size) {
                int p = (int) at;
                String name = cString(elf, (int) (strings.offset() + b.getInt(p)), Integer.MAX_VALUE);
                if (!name.startsWith("__crc_")) {
                    continue;
                }
                int shndx = Short.toUnsignedInt(b.getShort(wide ? p + 6 : p + 14));
                long value = wide ? b.getLong(p + 8) : b.getInt(p + 4) & 0xffffffffL;
                long crc = shndx == SHN_ABS ? value & 0xffffffffL
                        : b.getInt((int) (s.all()[shndx].offset() + value)) & 0xffffffffL;
                exported.put(name.substring("__crc_".length()), crc);
            }
        }
        return exported;
    }

    private static String cString(byte[] data, int from, int max) {
        int end = from;
        while (end < data.length && end - from < max && data[end] != 0) {
            end++;
        }
        return new String(data, from, end - from, StandardCharsets.US_ASCII);
    }

    /** One section header's fields that matter here. */
    private record Section(String name, int type, long offset, long size, int link) {
        long end() {
            return offset + size;
        }
    }

    /** The section headers, named through the section name string table. */
    private record Sections(Section[] all) {
        static Sections read(ByteBuffer b, boolean wide) {
            long shoff = wide ? b.getLong(0x28) : b.getInt(0x20) & 0xffffffffL;
            int entSize = Short.toUnsignedInt(b.getShort(wide ? 0x3a : 0x2e));
            int count = Short.toUnsignedInt(b.getShort(wide ? 0x3c : 0x30));
            int names = Short.toUnsignedInt(b.getShort(wide ? 0x3e : 0x32));
            int[] nameOffsets = new int[count];
            Section[] raw = new Section[count];
            for (int i = 0; i < count; i++) {
                int h = Math.toIntExact(shoff + (long) i * entSize);
                nameOffsets[i] = b.getInt(h);
                raw[i] = wide
                        ? new Section("", b.getInt(h + 4), b.getLong(h + 24), b.getLong(h + 32), b.getInt(h + 40))
                        : new Section("", b.getInt(h + 4), b.getInt(h + 16) & 0xffffffffL,
                                b.getInt(h + 20) & 0xffffffffL, b.getInt(h + 24));
            }
            Section[] all = new Section[count];
            for (int i = 0; i < count; i++) {
                String name = cString(b.array(), (int) (raw[names].offset() + nameOffsets[i]), Integer.MAX_VALUE);
                all[i] = new Section(name, raw[i].type(), raw[i].offset(), raw[i].size(), raw[i].link());
            }
            return new Sections(all);
        }

        Optional<Section> named(String name) {
            return Arrays.stream(all).filter(s -> s.name().equals(name)).findFirst();
        }
    }
}
