package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void joinsChunksAndSplitsAtNewlines() {
        List<String> lines = new ArrayList<>();
        LineSplitter s = new LineSplitter(lines::add);
        s.accept("one\ntw");
        s.accept("o\r\nthree\n\nlast");
        assertEquals(List.of("one", "two", "three", ""), lines);
        s.flush();
        assertEquals("last", lines.get(4));
        s.flush();
        assertEquals(5, lines.size());
    }

    @Test
    void multiByteCharactersMaySpanChunks() {
        byte[] euro = "€\n".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        LineSplitter s = new LineSplitter(lines::add);
        s.accept(new byte[] {euro[0]});
        s.accept(new byte[] {euro[1], euro[2], euro[3]});
        assertEquals(List.of("€"), lines);
    }

    @Test
    void endlessLinesAreCut() {
        List<String> lines = new ArrayList<>();
        LineSplitter s = new LineSplitter(lines::add);
        s.accept(new byte[LineSplitter.MAX_LINE_BYTES + 10]);
        s.flush();
        assertEquals(List.of(LineSplitter.MAX_LINE_BYTES, 10), lines.stream().map(String::length).toList());
    }
}
