package org.kmodfarm.loadtest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A kernel module's {@code .modinfo} section, read straight from its ELF file as {@code modinfo} does: the
 * kernel image package ships no {@code modules.dep} (depmod writes it at install), so dependencies among its
 * modules come from here. 64-bit little-endian ELF only (the architectures kmodfarm boots).
 */
public record ElfModinfo(String name, List<String> depends) {
    public ElfModinfo {
        depends = List.copyOf(depends);
    }

    /** Reads {@code elf}; an unreadable file is an {@link IllegalArgumentException} naming what is wrong. */
    public static ElfModinfo read(byte[] elf) {
        if (elf.length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw new IllegalArgumentException("not an ELF file");
        }
        if (elf[4] != 2 || elf[5] != 1) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = Short.toUnsignedInt(b.getShort(0x3a));
        int shnum = Short.toUnsignedInt(b.getShort(0x3c));
        int shstrndx = Short.toUnsignedInt(b.getShort(0x3e));
        if (shoff <= 0 || shoff + (long) shnum * shentsize > elf.length || shstrndx >= shnum) {
            throw new IllegalArgumentException("truncated ELF section table");
        }
        int strings = (int) b.getLong((int) (shoff + (long) shstrndx * shentsize) + 0x18);
        for (int i = 0; i < shnum; i++) {
            int header = (int) (shoff + (long) i * shentsize);
            if (".modinfo".equals(cString(elf, strings + b.getInt(header)))) {
                int offset = (int) b.getLong(header + 0x18);
                int size = (int) b.getLong(header + 0x20);
                if (offset < 0 || size < 0 || (long) offset + size > elf.length) {
                    throw new IllegalArgumentException("truncated .modinfo section");
                }
                return parse(Arrays.copyOfRange(elf, offset, offset + size));
            }
        }
        throw new IllegalArgumentException("no .modinfo section (not a kernel module)");
    }

    private static ElfModinfo parse(byte[] section) {
        String name = "";
        List<String> depends = new ArrayList<>();
        for (String field : new String(section, StandardCharsets.UTF_8).split("\0")) {
            if (field.startsWith("name=")) {
                name = field.substring(5);
            } else if (field.startsWith("depends=")) {
                Arrays.stream(field.substring(8).split(",")).filter(d -> !d.isBlank()).forEach(depends::add);
            }
        }
        return new ElfModinfo(name, depends);
    }

    private static String cString(byte[] bytes, int from) {
        int end = from;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.US_ASCII);
    }
}
