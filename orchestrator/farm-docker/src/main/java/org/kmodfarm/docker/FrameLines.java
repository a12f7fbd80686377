package org.kmodfarm.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a container's multiplexed log frames into whole lines. A frame need not end at a line end, so each
 * stream (stdout, stderr) is buffered on its own until its newline. The consumer is called from
 * docker-java's stream threads, one line at a time, and must not throw.
 *
 * <p>Engine 20.10 can end a followed log before its last output when that output has no newline
 * (moby/moby#43860). So once the container has stopped, {@link #catchUp()} reads the stored log again
 * and passes on only the bytes the followed stream had not delivered; {@link #finish()} then delivers a
 * last line that has no newline.
 */
final class FrameLines extends ResultCallback.Adapter<Frame> {
    private final Map<StreamType, LineSplitter> streams = new EnumMap<>(StreamType.class);
    private final Map<StreamType, Long> delivered = new EnumMap<>(StreamType.class);
    private final Consumer<String> log;

    FrameLines(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public void onNext(Frame frame) {
        deliver(frame.getStreamType(), frame.getPayload());
    }

    private synchronized void deliver(StreamType stream, byte[] bytes) {
        streams.computeIfAbsent(stream, t -> new LineSplitter(log)).accept(bytes);
        delivered.merge(stream, (long) bytes.length, Long::sum);
    }

    /** A callback for a complete, unfollowed read of the same log: it skips what was delivered already. */
    synchronized ResultCallback.Adapter<Frame> catchUp() {
        Map<StreamType, Long> toSkip = new EnumMap<>(delivered);
        return new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                byte[] payload = frame.getPayload();
                long skip = toSkip.getOrDefault(frame.getStreamType(), 0L);
                toSkip.put(frame.getStreamType(), Math.max(0, skip - payload.length));
                if (skip < payload.length) {
                    deliver(frame.getStreamType(), Arrays.copyOfRange(payload, (int) skip, payload.length));
                }
            }
        };
    }

    /** Delivers each stream's last line that had no newline, if any. */
    synchronized void finish() {
        streams.values().forEach(LineSplitter::flush);
    }
}
