package org.kmodfarm.core.remote;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodfarm.core.farm.Digests;

/**
 * The way a cell's output comes back from a runtime that shares no disk with the orchestrator: after the build, the
 * cell runner prints its output tar on stdout as lines {@code ::kmodfarm-output:NONCE begin SIZE SHA256}, base64
 * chunks {@code ::kmodfarm-output:NONCE DATA} and {@code ::kmodfarm-output:NONCE end}. Every other line is the
 * cell's log.
 *
 * <p>The nonce is drawn once the build has ended, so a process the build left behind cannot continue or corrupt the
 * real set; it can still print a whole set of its own, which makes two complete sets, and a run with two is not
 * trusted ({@link Received.Broken}). The build's own output never reaches stdout (it goes to make.log), so an
 * honest cell prints exactly one set.
 */
public final class OutputFrames {
    /** Starts every frame line. */
    public static final String PREFIX = "::kmodfarm-output:";
    /** Bytes per chunk: 4 KiB lines, short enough for every log driver. */
    private static final int CHUNK = 3072;

    private OutputFrames() {
    }

    /** Prints {@code tar} as one frame set, flushing at the end. */
    public static void write(byte[] tar, PrintStream out, SecureRandom random) {
        byte[] nonce = new byte[8];
        random.nextBytes(nonce);
        String head = PREFIX + HexFormat.of().formatHex(nonce) + " ";
        out.println(head + "begin " + tar.length + " " + Digests.sha256(tar));
        Base64.Encoder base64 = Base64.getEncoder();
        for (int at = 0; at < tar.length; at += CHUNK) {
            int end = Math.min(tar.length, at + CHUNK);
            out.println(head + base64.encodeToString(java.util.Arrays.copyOfRange(tar, at, end)));
        }
        out.println(head + "end");
        out.flush();
    }

    /** What came back. */
    public sealed interface Received {
        /** No frame at all: the runner never reached its end (killed, out of memory, timed out). */
        record Nothing() implements Received {
        }

        /** Exactly one complete set whose size and digest match. */
        record Complete(byte[] tar) implements Received {
            public Complete {
                tar = tar.clone();
            }

            @Override
            public byte[] tar() {
                return tar.clone();
            }
        }

        /** Frames arrived but not as one complete, matching set. */
        record Broken(String why) implements Received {
        }

        /** The set announced more than the caller accepts; nothing of it was kept. */
        record TooLarge(long limitBytes) implements Received {
        }
    }

    /** Reads frames out of a task's lines; not thread-safe (one task's lines arrive in order on one thread). */
    public static final class Reader {
        private final long limitBytes;
        private final Map<String, Assembly> sets = new LinkedHashMap<>();
        private String problem;
        private boolean tooLarge;

        /** @param limitBytes the largest output accepted */
        public Reader(long limitBytes) {
            this.limitBytes = limitBytes;
        }

        /** @return whether {@code line} was a frame (and so not a log line) */
        public boolean accept(String line) {
            if (!line.startsWith(PREFIX)) {
                return false;
            }
            int space = line.indexOf(' ', PREFIX.length());
            if (space < 0) {
                return fail("a frame line without content");
            }
            String nonce = line.substring(PREFIX.length(), space);
            String body = line.substring(space + 1);
            Assembly set = sets.get(nonce);
            if (body.startsWith("begin ")) {
                return set != null ? fail("a frame set began twice") : begin(nonce, body.substring(6));
            }
            if (set == null) {
                return fail("frames of a set that never began");
            }
            if (body.equals("end")) {
                set.ended = true;
                return true;
            }
            return set.add(body) || fail("a frame set's data does not match its header");
        }

        /** What the lines read so far hold. */
        public Received received() {
            if (tooLarge) {
                return new Received.TooLarge(limitBytes);
            }
            if (problem != null) {
                return new Received.Broken(problem);
            }
            if (sets.isEmpty()) {
                return new Received.Nothing();
            }
            if (sets.size() > 1) {
                return new Received.Broken(sets.size() + " frame sets where the cell runner prints one");
            }
            Assembly set = sets.values().iterator().next();
            if (!set.ended || set.filled != set.data.length) {
                return new Received.Broken("the frame set ended after " + set.filled + " of " + set.data.length
                        + " bytes");
            }
            if (!Digests.sha256(set.data).equals(set.sha256)) {
                return new Received.Broken("the output's sha256 does not match the one announced");
            }
            return new Received.Complete(set.data);
        }

        private boolean begin(String nonce, String header) {
            String[] parts = header.split(" ");
            long size;
            try {
                size = parts.length == 2 ? Long.parseLong(parts[0]) : -1;
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 0 || !parts[1].matches("[0-9a-f]{64}")) {
                return fail("a frame set with a malformed header");
            }
            if (size > limitBytes) {
                tooLarge = true;
                return true;
            }
            sets.put(nonce, new Assembly(new byte[(int) size], parts[1]));
            return true;
        }

        private boolean fail(String why) {
            if (problem == null) {
                problem = why;
            }
            return true;
        }
    }

    private static final class Assembly {
        private final byte[] data;
        private final String sha256;
        private int filled;
        private boolean ended;

        Assembly(byte[] data, String sha256) {
            this.data = data;
            this.sha256 = sha256;
        }

        boolean add(String chunk) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(chunk);
            } catch (IllegalArgumentException e) {
                return false;
            }
            if (ended || filled + bytes.length > data.length) {
                return false;
            }
            System.arraycopy(bytes, 0, data, filled, bytes.length);
            filled += bytes.length;
            return true;
        }
    }
}
