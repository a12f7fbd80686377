package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Copies a build log, cutting the middle out of one that is too long: a flooding build must not fill the
 * farm's results, while the head (what was built, with which flags) and the tail (the error that ended it) are
 * what a reader needs. The cut is marked by one line saying how many bytes went.
 *
 * @param head bytes kept from the start
 * @param tail bytes kept from the end
 */
record LogCap(long head, long tail) {
    private static final long MIB = 1024 * 1024;
    /** A cell's make.log: 8 MiB at most, the first 1 MiB and the last 7 MiB. */
    static final LogCap CELL = new LogCap(MIB, 7 * MIB);

    LogCap {
        if (head < 0 || tail < 0) {
            throw new IllegalArgumentException("head and tail must not be negative: " + head + ", " + tail);
        }
    }

    /** What a copy did. @param originalBytes the source's size @param capped whether the middle was cut */
    record Copied(long originalBytes, boolean capped) {
    }

    /** The line between head and tail, newline included. */
    static String marker(long cut) {
        return "[kmodfarm: " + cut + " bytes cut from the middle of this log]\n";
    }

    /** Copies {@code from} to {@code to} (replaced), cut when longer than {@code head + tail}. */
    Copied copy(Path from, Path to) throws IOException {
        long size = Files.size(from);
        if (size <= head + tail) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            return new Copied(size, false);
        }
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            transfer(in, 0, head, out);
            // The head usually ends mid-line; the marker still gets a line of its own.
            String marker = (head > 0 && lastByte(in, head) != '\n' ? "\n" : "") + marker(size - head - tail);
            write(out, marker);
            transfer(in, size - tail, tail, out);
        }
        return new Copied(size, true);
    }

    private static byte lastByte(FileChannel in, long end) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        in.read(one, end - 1);
        return one.get(0);
    }

    private static void write(FileChannel out, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    // transferTo may move fewer bytes than asked for; loop until all are across.
    private static void transfer(FileChannel in, long position, long count, FileChannel out) throws IOException {
        long done = 0;
        while (done < count) {
            long moved = in.transferTo(position + done, count - done, out);
            if (moved <= 0) {
                throw new IOException("log shrank while being copied, at byte " + (position + done));
            }
            done += moved;
        }
    }
}
