package org.kmodfarm.loadtest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;
import org.kmodfarm.archive.Compression;

/**
 * The kernel inside an x86 {@code bzImage}: its payload, decompressed ahead of time. Under TCG a kernel's own
 * decompressor is slow (an xz-compressed Debian 6.1 kernel spends about 35 s unpacking itself before its first
 * message); QEMU boots the uncompressed ELF directly through its PVH entry point instead ({@code CONFIG_PVH}).
 */
final class BzImage {
    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};

    private BzImage() {
    }

    /**
     * The ELF kernel of {@code bzImage}; empty when it is not a bzImage, or its payload is compressed in a way
     * kmodfarm cannot read (zstd: those kernels unpack themselves fast enough).
     */
    static Optional<byte[]> vmlinux(byte[] bzImage) throws IOException {
        if (bzImage.length < 0x250 || bzImage[0x202] != 'H' || bzImage[0x203] != 'd' || bzImage[0x204] != 'r'
                || bzImage[0x205] != 'S') {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bzImage).order(ByteOrder.LITTLE_ENDIAN);
        int setupSectors = Byte.toUnsignedInt(bzImage[0x1f1]);
        long start = (long) (setupSectors == 0 ? 4 : setupSectors) * 512 + 512
                + Integer.toUnsignedLong(b.getInt(0x248));
        long length = Integer.toUnsignedLong(b.getInt(0x24c));
        if (start + length > bzImage.length || length < 8) {
            return Optional.empty();
        }
        byte[] payload = Arrays.copyOfRange(bzImage, (int) start, (int) (start + length));
        Compression c = Compression.ofMagic(payload);
        if (c == Compression.NONE || !c.supported()) {
            return Optional.empty();
        }
        byte[] elf;
        try (InputStream in = c.decompress(new ByteArrayInputStream(payload))) {
            elf = in.readAllBytes();
        }
        return elf.length > 4 && Arrays.equals(elf, 0, 4, ELF, 0, 4) ? Optional.of(elf) : Optional.empty();
    }
}
