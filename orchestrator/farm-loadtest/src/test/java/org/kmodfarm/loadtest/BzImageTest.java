package org.kmodfarm.loadtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.Compression;

/** The kernel taken out of a bzImage made as kbuild makes them: setup sectors, then the xz payload and its size. */
class BzImageTest {
    private static byte[] bzImage(byte[] kernel) throws Exception {
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (OutputStream out = Compression.XZ.compress(xz)) {
            out.write(kernel);
        }
        byte[] payload = xz.toByteArray();
        int protectedMode = 2 * 512; // one setup sector after the boot sector
        int offset = 0x40;
        ByteBuffer b = ByteBuffer.allocate(protectedMode + offset + payload.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0x1f1, (byte) 1);
        b.put(0x202, new byte[] {'H', 'd', 'r', 'S'});
        b.putInt(0x248, offset);
        b.putInt(0x24c, payload.length + 4); // kbuild appends the uncompressed size
        b.put(protectedMode + offset, payload);
        b.putInt(protectedMode + offset + payload.length, kernel.length);
        return b.array();
    }

    @Test
    void decompressesTheElfKernelOfAnXzBzImage() throws Exception {
        byte[] elf = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 42};
        assertArrayEquals(elf, BzImage.vmlinux(bzImage(elf)).orElseThrow());
    }

    @Test
    void leavesAnythingElseAlone() throws Exception {
        assertEquals(Optional.empty(), BzImage.vmlinux(bzImage(new byte[] {1, 2, 3})), "not an ELF payload");
        assertEquals(Optional.empty(), BzImage.vmlinux(new byte[4096]), "no HdrS signature");
    }
}
