package org.kmodfarm.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts one byte stream, arriving in chunks that need not end at line ends, into whole UTF-8 lines
 * (without their {@code \n} or {@code \r\n}). Not thread-safe: one per stream.
 */
final class LineSplitter {
    /** A build printing binary data without newlines must not fill the orchestrator's memory. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final Consumer<String> sink;

    LineSplitter(Consumer<String> sink) {
        this.sink = sink;
    }

    void accept(byte[] chunk) {
        for (byte b : chunk) {
            if (b == '\n') {
                emit();
            } else {
                pending.write(b);
                if (pending.size() >= MAX_LINE_BYTES) {
                    emit();
                }
            }
        }
    }

    void accept(String chunk) {
        accept(chunk.getBytes(StandardCharsets.UTF_8));
    }

    /** Delivers a last line that had no newline, if any. */
    void flush() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        sink.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
}
