package org.kmodfarm.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Receives an image build's progress: passes its output on line by line, keeps the last lines for an
 * error report, and remembers the error the engine reported, if any. Calls to the log consumer come from
 * docker-java's stream thread, one at a time.
 */
final class BuildOutput extends ResultCallback.Adapter<BuildResponseItem> {
    private static final int TAIL_LINES = 20;

    private final Deque<String> tail = new ArrayDeque<>();
    private final LineSplitter lines;
    private String error;

    BuildOutput(Consumer<String> log) {
        this.lines = new LineSplitter(line -> {
            remember(line);
            log.accept(line);
        });
    }

    @Override
    public synchronized void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            lines.accept(item.getStream());
        }
        if (item.isErrorIndicated() && error == null) {
            String message = item.getErrorDetail() == null ? null : item.getErrorDetail().getMessage();
            error = message == null ? "the engine reported an error without details" : message.strip();
        }
    }

    @Override
    public void onComplete() {
        flush();
        super.onComplete();
    }

    @Override
    public void onError(Throwable throwable) {
        flush();
        super.onError(throwable);
    }

    private synchronized void flush() {
        lines.flush();
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /** The engine's error message, or null when it reported none. */
    synchronized String error() {
        return error;
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }
}
