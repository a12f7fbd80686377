package org.kmodfarm.core.farm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps a cell's output within a memory cap whatever the module prints: the first lines up to a quarter of the
 * cap and the last lines up to the rest, with one line saying how much was cut. Thread-safe.
 */
public final class LogCapture implements Consumer<String> {
    private final long headCap;
    private final long tailCap;
    private final List<String> head = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private long headBytes;
    private long tailBytes;
    private long cutLines;
    private long cutBytes;

    /** @param capBytes the most bytes kept (UTF-8, newlines included) */
    public LogCapture(long capBytes) {
        this.headCap = capBytes / 4;
        this.tailCap = capBytes - headCap;
    }

    @Override
    public synchronized void accept(String line) {
        long size = line.getBytes(StandardCharsets.UTF_8).length + 1L;
        if (tail.isEmpty() && headBytes + size <= headCap) {
            head.add(line);
            headBytes += size;
            return;
        }
        tail.addLast(line);
        tailBytes += size;
        while (tailBytes > tailCap && !tail.isEmpty()) {
            String dropped = tail.removeFirst();
            long dropSize = dropped.getBytes(StandardCharsets.UTF_8).length + 1L;
            tailBytes -= dropSize;
            cutLines++;
            cutBytes += dropSize;
        }
    }

    /** True when lines were dropped. */
    public synchronized boolean capped() {
        return cutLines > 0;
    }

    /** The kept lines, with the cut marked where it happened. */
    public synchronized List<String> lines() {
        List<String> all = new ArrayList<>(head);
        if (cutLines > 0) {
            all.add("[kmodfarm: " + cutLines + " lines (" + cutBytes + " bytes) cut from the middle of this log]");
        }
        all.addAll(tail);
        return all;
    }

    /** The kept lines as one UTF-8 text. */
    public byte[] bytes() {
        List<String> all = lines();
        return all.isEmpty() ? new byte[0] : (String.join("\n", all) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
