package org.kmodfarm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.core.farm.Digests;

/** A kernel module's bytes compared the way a test can rely on across builds. */
final class ModuleBytes {
    private ModuleBytes() {
    }

    /** sha256 of the (decompressed) ELF64 module with its {@code .BTF} section's bytes zeroed. */
    static String digestWithoutBtf(Path module) throws IOException {
        byte[] elf;
        try (InputStream in = Compression.ofFileName(module.getFileName().toString())
                .decompress(Files.newInputStream(module))) {
            elf = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long sectionHeaders = b.getLong(0x28);
        int entrySize = Short.toUnsignedInt(b.getShort(0x3A));
        int count = Short.toUnsignedInt(b.getShort(0x3C));
        int namesIndex = Short.toUnsignedInt(b.getShort(0x3E));
        long names = b.getLong((int) (sectionHeaders + (long) namesIndex * entrySize + 0x18));
        for (int i = 0; i < count; i++) {
            int header = (int) (sectionHeaders + (long) i * entrySize);
            int name = (int) names + b.getInt(header);
            int end = name;
            while (elf[end] != 0) {
                end++;
            }
            if (new String(elf, name, end - name, StandardCharsets.US_ASCII).equals(".BTF")) {
                int offset = (int) b.getLong(header + 0x18);
                Arrays.fill(elf, offset, offset + (int) b.getLong(header + 0x20), (byte) 0);
            }
        }
        return Digests.sha256(elf);
    }
}
