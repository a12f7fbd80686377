package org.kmodfarm.loadtest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kmodfarm.archive.ElfFile;

/**
 * A kernel module's {@code .modinfo} section, read straight from its ELF file as {@code modinfo} does: the
 * kernel image package ships no {@code modules.dep} (depmod writes it at install), so dependencies among its
 * modules come from here.
 */
public record ElfModinfo(String name, List<String> depends) {
    public ElfModinfo {
        depends = List.copyOf(depends);
    }

    /** Reads {@code elf}; an unreadable file is an {@link IllegalArgumentException} naming what is wrong. */
    public static ElfModinfo read(byte[] elf) {
        ElfFile file = ElfFile.parse(elf);
        return parse(file.contents(file.section(".modinfo").orElseThrow(() -> new IllegalArgumentException(
                "no .modinfo section (not a kernel module)"))));
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
}
