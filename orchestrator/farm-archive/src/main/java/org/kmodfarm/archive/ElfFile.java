package org.kmodfarm.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The section table and symbols of an ELF file (32 or 64 bits, either byte order), which is what kmodfarm reads
 * from kernel modules without a tool: their {@code .modinfo}, their symbol versions. Reads only; every offset is
 * checked against the file, so a truncated or malformed file is an {@link IllegalArgumentException} naming what
 * is wrong, never an out-of-bounds read.
 */
public final class ElfFile {
    private static final int SHT_SYMTAB = 2;

    /** One section header's fields that matter here. */
    public record Section(String name, int type, long offset, long size, int link) {
        public long end() {
            return offset + size;
        }
    }

    /**
     * One entry of a symbol table.
     *
     * @param section the index of the section it is defined in ({@code 0xfff1}: an absolute value)
     */
    public record Symbol(String name, long value, int section) {
        /** The section index of a symbol whose value is absolute (SHN_ABS). */
        public static final int ABSOLUTE = 0xfff1;
    }

    private final byte[] bytes;
    private final ByteBuffer buffer;
    private final boolean wide;
    private final List<Section> sections;

    private ElfFile(byte[] bytes) {
        if (bytes.length < 52 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
            throw new IllegalArgumentException("not an ELF file");
        }
        this.bytes = bytes;
        this.wide = bytes[4] == 2;
        this.buffer = ByteBuffer.wrap(bytes).order(bytes[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        if (wide && bytes.length < 64) {
            throw new IllegalArgumentException("truncated ELF header");
        }
        this.sections = readSections();
    }

    /** Reads the file's section table; the bytes are neither copied nor changed. */
    public static ElfFile parse(byte[] bytes) {
        return new ElfFile(bytes);
    }

    /** True for a 64-bit file (8-byte words). */
    public boolean wide() {
        return wide;
    }

    public List<Section> sections() {
        return sections;
    }

    /** The first section of that name. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** A copy of the section's bytes. */
    public byte[] contents(Section section) {
        check(section.offset(), section.size(), "section " + section.name());
        return java.util.Arrays.copyOfRange(bytes, (int) section.offset(), (int) section.end());
    }

    /** The unsigned 32-bit value at {@code offset}, in the file's byte order. */
    public long u32(long offset) {
        check(offset, 4, "a 32-bit value");
        return buffer.getInt((int) offset) & 0xffffffffL;
    }

    /** The word (4 or 8 bytes, as the file is 32 or 64 bits) at {@code offset}. */
    public long word(long offset) {
        check(offset, wide ? 8 : 4, "a word");
        return wide ? buffer.getLong((int) offset) : buffer.getInt((int) offset) & 0xffffffffL;
    }

    /** The NUL-terminated ASCII string at {@code offset}, at most {@code max} bytes long. */
    public String string(long offset, int max) {
        check(offset, 0, "a string");
        int from = (int) offset;
        int end = from;
        while (end < bytes.length && end - from < max && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.US_ASCII);
    }

    /** Every entry of every symbol table, named through its string table. */
    public List<Symbol> symbols() {
        List<Symbol> all = new ArrayList<>();
        int size = wide ? 24 : 16;
        for (Section table : sections) {
            if (table.type() != SHT_SYMTAB) {
                continue;
            }
            if (table.link() < 0 || table.link() >= sections.size()) {
                throw new IllegalArgumentException("symbol table " + table.name() + " links to no string table");
            }
            Section strings = sections.get(table.link());
            for (long at = table.offset(); at + size <= table.end(); at += size) {
                check(at, size, "a symbol");
                int p = (int) at;
                String name = string(strings.offset() + (buffer.getInt(p) & 0xffffffffL), Integer.MAX_VALUE);
                long value = wide ? buffer.getLong(p + 8) : buffer.getInt(p + 4) & 0xffffffffL;
                int section = Short.toUnsignedInt(buffer.getShort(wide ? p + 6 : p + 14));
                all.add(new Symbol(name, value, section));
            }
        }
        return all;
    }

    private List<Section> readSections() {
        long shoff = wide ? buffer.getLong(0x28) : buffer.getInt(0x20) & 0xffffffffL;
        int entSize = Short.toUnsignedInt(buffer.getShort(wide ? 0x3a : 0x2e));
        int count = Short.toUnsignedInt(buffer.getShort(wide ? 0x3c : 0x30));
        int names = Short.toUnsignedInt(buffer.getShort(wide ? 0x3e : 0x32));
        if (shoff <= 0 || entSize < (wide ? 64 : 40) || shoff + (long) count * entSize > bytes.length
                || names >= count) {
            throw new IllegalArgumentException("truncated ELF section table");
        }
        long[][] raw = new long[count][];
        for (int i = 0; i < count; i++) {
            int h = (int) (shoff + (long) i * entSize);
            raw[i] = wide
                    ? new long[] {buffer.getInt(h) & 0xffffffffL, buffer.getInt(h + 4), buffer.getLong(h + 24),
                            buffer.getLong(h + 32), buffer.getInt(h + 40)}
                    : new long[] {buffer.getInt(h) & 0xffffffffL, buffer.getInt(h + 4),
                            buffer.getInt(h + 16) & 0xffffffffL, buffer.getInt(h + 20) & 0xffffffffL,
                            buffer.getInt(h + 24)};
            if (raw[i][2] < 0 || raw[i][3] < 0) {
                throw new IllegalArgumentException("truncated ELF section table");
            }
        }
        List<Section> all = new ArrayList<>(count);
        for (long[] s : raw) {
            all.add(new Section(string(raw[names][2] + s[0], Integer.MAX_VALUE), (int) s[1], s[2], s[3], (int) s[4]));
        }
        return List.copyOf(all);
    }

    private void check(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("truncated ELF file: " + what + " at " + offset + " lies past its end");
        }
    }
}
