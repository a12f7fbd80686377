package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ElfFileTest {
    private static final byte[] CONTENT = {0x12, 0x34, 0x56, 0x78};

    /**
     * A 32-bit big-endian ELF file (as on older ARM and PowerPC kernels) with one named section holding
     * {@link #CONTENT}: null section, "data", ".shstrtab".
     */
    private static byte[] bigEndian32() {
        byte[] names = "\0data\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        int contentAt = 52;
        int namesAt = contentAt + CONTENT.length;
        int headersAt = (namesAt + names.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(headersAt + 3 * 40).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 1});
        b.putInt(0x20, headersAt);
        b.putShort(0x2e, (short) 40);
        b.putShort(0x30, (short) 3);
        b.putShort(0x32, (short) 2);
        b.put(contentAt, CONTENT);
        b.put(namesAt, names);
        section(b, headersAt + 40, 1, contentAt, CONTENT.length);
        section(b, headersAt + 80, 6, namesAt, names.length);
        return b.array();
    }

    private static void section(ByteBuffer b, int at, int name, int offset, int size) {
        b.putInt(at, name);
        b.putInt(at + 16, offset);
        b.putInt(at + 20, size);
    }

    @Test
    void readsSectionsOfA32BitBigEndianFile() {
        ElfFile elf = ElfFile.parse(bigEndian32());
        assertFalse(elf.wide());
        ElfFile.Section data = elf.section("data").orElseThrow();
        assertArrayEquals(CONTENT, elf.contents(data));
        assertEquals(0x12345678L, elf.u32(data.offset()));
        assertEquals(0x12345678L, elf.word(data.offset()), "a 32-bit file's word is 4 bytes");
        assertEquals("data", elf.string(data.offset() + 4 + 1, 10), "strings stop at their NUL");
        assertTrue(elf.section("missing").isEmpty());
        assertTrue(elf.symbols().isEmpty(), "no symbol table");
    }

    @Test
    void malformedFilesAreRefusedWithWhatIsWrong() {
        assertEquals("not an ELF file", assertThrows(IllegalArgumentException.class,
                () -> ElfFile.parse("ELF for 6.1 and more bytes to be long enough for a header....."
                        .getBytes(StandardCharsets.US_ASCII))).getMessage());
        byte[] file = bigEndian32();
        assertEquals("truncated ELF section table", assertThrows(IllegalArgumentException.class,
                () -> ElfFile.parse(Arrays.copyOf(file, file.length - 10))).getMessage());
        ByteBuffer.wrap(file).putInt(file.length - 80 + 20, 1 << 20);
        ElfFile elf = ElfFile.parse(file);
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> elf.contents(elf.section("data").orElseThrow()));
        assertTrue(past.getMessage().startsWith("truncated ELF file: section data"), past.getMessage());
        assertThrows(IllegalArgumentException.class, () -> elf.u32(file.length - 2));
    }
}
