package org.kmodfarm.packaging.module;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small relocatable ELF64 little-endian files shaped like kernel modules: a {@code __versions} section (64-byte
 * {@code modversion_info} entries), and {@code __crc_SYMBOL} labels into a {@code __kcrctab} section, as modpost
 * writes them; or, with {@code absolute}, {@code __crc_} symbols whose value is the CRC (older kernels).
 */
final class TestModules {
    private TestModules() {
    }

    static byte[] elf(Map<String, Long> versions, Map<String, Long> exports, boolean absolute) {
        List<String> sectionNames = List.of("", ".shstrtab", "__versions", ".strtab", ".symtab", "__kcrctab");
        ByteArrayOutputStream shstrtab = new ByteArrayOutputStream();
        int[] nameAt = new int[sectionNames.size()];
        for (int i = 0; i < sectionNames.size(); i++) {
            nameAt[i] = shstrtab.size();
            shstrtab.writeBytes((sectionNames.get(i) + "\0").getBytes(StandardCharsets.US_ASCII));
        }
        ByteBuffer ver = ByteBuffer.allocate(64 * versions.size()).order(ByteOrder.LITTLE_ENDIAN);
        versions.forEach((name, crc) -> {
            int at = ver.position();
            ver.putLong(crc).put(name.getBytes(StandardCharsets.US_ASCII)).position(at + 64);
        });
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        ByteBuffer symtab = ByteBuffer.allocate(24 * (exports.size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
        symtab.position(24);
        ByteBuffer kcrctab = ByteBuffer.allocate(4 * exports.size()).order(ByteOrder.LITTLE_ENDIAN);
        exports.forEach((name, crc) -> {
            int nameOffset = strtab.size();
            strtab.writeBytes(("__crc_" + name + "\0").getBytes(StandardCharsets.US_ASCII));
            symtab.putInt(nameOffset).put((byte) 0).put((byte) 0).putShort((short) (absolute ? 0xfff1 : 5))
                    .putLong(absolute ? crc : kcrctab.position()).putLong(0);
            kcrctab.putInt((int) (long) crc);
        });
        List<byte[]> data = List.of(new byte[0], shstrtab.toByteArray(), ver.array(), strtab.toByteArray(),
                symtab.array(), kcrctab.array());
        int[] types = {0, 3, 1, 3, 2, 1};
        List<long[]> placed = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[64]);
        for (byte[] d : data) {
            placed.add(new long[] {body.size(), d.length});
            body.writeBytes(d);
        }
        long shoff = body.size();
        ByteBuffer sh = ByteBuffer.allocate(64 * data.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.size(); i++) {
            sh.position(64 * i);
            sh.putInt(nameAt[i]).putInt(types[i]).putLong(0).putLong(0).putLong(placed.get(i)[0])
                    .putLong(placed.get(i)[1]).putInt(i == 4 ? 3 : 0);
        }
        body.writeBytes(sh.array());
        byte[] out = body.toByteArray();
        ByteBuffer h = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        h.putShort(16, (short) 1); // ET_REL
        h.putShort(18, (short) 62); // x86-64
        h.putLong(0x28, shoff);
        h.putShort(0x34, (short) 64);
        h.putShort(0x3a, (short) 64);
        h.putShort(0x3c, (short) data.size());
        h.putShort(0x3e, (short) 1);
        return out;
    }
}
