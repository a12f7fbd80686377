package org.kmodfarm.core.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputFramesTest {
    static List<String> framed(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputFrames.write(data, new PrintStream(bytes, true, StandardCharsets.UTF_8), new SecureRandom());
        return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
    }

    static byte[] data(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    static OutputFrames.Received read(List<String> lines, List<String> log) {
        OutputFrames.Reader reader = new OutputFrames.Reader(1 << 20);
        for (String line : lines) {
            if (!reader.accept(line)) {
                log.add(line);
            }
        }
        return reader.received();
    }

    @Test
    void roundTripsAnySizeBetweenLogLines() {
        for (int size : new int[] {0, 1, 3071, 3072, 3073, 100_000}) {
            List<String> lines = new ArrayList<>(List.of("make: building", "::not-a-frame"));
            lines.addAll(framed(data(size)));
            lines.add("after");
            List<String> log = new ArrayList<>();
            OutputFrames.Received received = read(lines, log);
            assertArrayEquals(data(size), assertInstanceOf(OutputFrames.Received.Complete.class, received).tar(),
                    "size " + size);
            assertEquals(List.of("make: building", "::not-a-frame", "after"), log);
        }
    }

    @Test
    void linesStayShortForLogDrivers() {
        assertTrue(framed(data(50_000)).stream().allMatch(l -> l.length() <= 4200));
    }

    @Test
    void noFrameIsNothing() {
        assertInstanceOf(OutputFrames.Received.Nothing.class, read(List.of("killed"), new ArrayList<>()));
    }

    @Test
    void aSetCutShortIsBroken() {
        List<String> lines = framed(data(10_000));
        OutputFrames.Received received = read(lines.subList(0, lines.size() - 2), new ArrayList<>());
        assertTrue(assertInstanceOf(OutputFrames.Received.Broken.class, received).why().contains("of 10000 bytes"));
    }

    @Test
    void aLostChunkIsBrokenEvenWhenTheEndArrives() {
        List<String> lines = new ArrayList<>(framed(data(10_000)));
        lines.remove(2);
        assertInstanceOf(OutputFrames.Received.Broken.class, read(lines, new ArrayList<>()));
    }

    @Test
    void aSecondSetPrintedByTheBuildIsNotTrusted() {
        List<String> lines = new ArrayList<>(framed(data(100)));
        lines.addAll(framed(data(200)));
        OutputFrames.Received received = read(lines, new ArrayList<>());
        assertTrue(assertInstanceOf(OutputFrames.Received.Broken.class, received).why().contains("2 frame sets"));
    }

    @Test
    void linesInjectedIntoTheRealSetCannotJoinIt() {
        List<String> lines = new ArrayList<>(framed(data(5000)));
        lines.add(1, OutputFrames.PREFIX + "0123456789abcdef AAAA");
        assertInstanceOf(OutputFrames.Received.Broken.class, read(lines, new ArrayList<>()));
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsBroken() {
        List<String> lines = new ArrayList<>(framed(data(100)));
        String head = lines.get(1).substring(0, lines.get(1).indexOf(' ') + 1);
        lines.set(1, head + java.util.Base64.getEncoder().encodeToString(new byte[100]));
        OutputFrames.Received received = read(lines, new ArrayList<>());
        assertTrue(assertInstanceOf(OutputFrames.Received.Broken.class, received).why().contains("sha256"));
    }

    @Test
    void anAnnouncedSizeBeyondTheLimitKeepsNothing() {
        OutputFrames.Reader reader = new OutputFrames.Reader(1000);
        for (String line : framed(data(5000))) {
            assertTrue(reader.accept(line));
        }
        assertEquals(1000, assertInstanceOf(OutputFrames.Received.TooLarge.class, reader.received()).limitBytes());
    }

    @Test
    void malformedHeadersAreBroken() {
        OutputFrames.Reader reader = new OutputFrames.Reader(1000);
        assertTrue(reader.accept(OutputFrames.PREFIX + "ab begin -5 xyz"));
        assertInstanceOf(OutputFrames.Received.Broken.class, reader.received());
        assertFalse(new OutputFrames.Reader(10).accept("::kmodfarm-outpu"));
    }
}
