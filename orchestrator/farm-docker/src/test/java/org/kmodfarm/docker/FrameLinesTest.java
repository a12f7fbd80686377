package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameLinesTest {

    private static Frame frame(StreamType type, String payload) {
        return new Frame(type, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void streamsAreBufferedSeparately() {
        List<String> lines = new ArrayList<>();
        FrameLines f = new FrameLines(lines::add);
        f.onNext(frame(StreamType.STDOUT, "out-"));
        f.onNext(frame(StreamType.STDERR, "err\n"));
        f.onNext(frame(StreamType.STDOUT, "line\n"));
        assertEquals(List.of("err", "out-line"), lines);
    }

    @Test
    void catchUpDeliversOnlyWhatTheFollowedStreamMissed() {
        List<String> lines = new ArrayList<>();
        FrameLines f = new FrameLines(lines::add);
        f.onNext(frame(StreamType.STDOUT, "one\ntw"));
        f.onNext(frame(StreamType.STDERR, "warning\n"));
        // The stored log, framed differently, holding one more stdout entry without newline.
        ResultCallback.Adapter<Frame> rest = f.catchUp();
        rest.onNext(frame(StreamType.STDOUT, "one\n"));
        rest.onNext(frame(StreamType.STDERR, "warning\n"));
        rest.onNext(frame(StreamType.STDOUT, "two\n"));
        rest.onNext(frame(StreamType.STDOUT, "no newline"));
        f.finish();
        assertEquals(List.of("one", "warning", "two", "no newline"), lines);
    }
}
