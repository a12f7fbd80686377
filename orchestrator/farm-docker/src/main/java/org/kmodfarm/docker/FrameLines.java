package org.kmodfarm.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a container's multiplexed log frames into whole lines. A frame need not end at a line end, so each
 * stream (stdout, stderr) is buffered on its own until its newline; a last line without newline is
 * delivered when the stream ends. The consumer is called from docker-java's stream thread, one line at a
 * time, and must not throw.
 */
final class FrameLines extends ResultCallback.Adapter<Frame> {
    private final Map<StreamType, LineSplitter> streams = new EnumMap<>(StreamType.class);
    private final Consumer<String> log;

    FrameLines(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public synchronized void onNext(Frame frame) {
        streams.computeIfAbsent(frame.getStreamType(), t -> new LineSplitter(log)).accept(frame.getPayload());
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
        streams.values().forEach(LineSplitter::flush);
    }
}
