package org.kmodfarm.docker;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The caller's root filesystem stream as handed to the engine: never closed (the caller owns it), and a
 * read failure is remembered, because docker-java reports it wrapped like a failure of the engine.
 */
final class RootfsStream extends FilterInputStream {
    private volatile IOException readFailure;

    RootfsStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            readFailure = e;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            readFailure = e;
            throw e;
        }
    }

    @Override
    public void close() {
        // The caller opened the stream and closes it.
    }

    /** Throws the read failure, if reading failed. */
    void rethrowReadFailure() throws IOException {
        if (readFailure != null) {
            throw readFailure;
        }
    }
}
