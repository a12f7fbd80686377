package org.kmodfarm.core.apt;

import java.net.URI;

/** Why a suite's index could not be had; the matrix resolver turns it into a problem at the right line. */
public final class IndexException extends Exception {

    /** The classes of failure, each with its own advice. */
    public enum Kind {
        /** The mirror answered, but has no such suite. */
        SUITE_NOT_FOUND,
        /** The suite exists but has no index for the architecture. */
        ARCH_NOT_IN_SUITE,
        /** The mirror did not answer (and nothing was cached). */
        MIRROR_UNREACHABLE,
        /** What came back does not match the checksums of the Release file. */
        CORRUPT
    }

    private final Kind kind;
    private final URI uri;

    public IndexException(Kind kind, URI uri, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.uri = uri;
    }

    public Kind kind() {
        return kind;
    }

    public URI uri() {
        return uri;
    }
}
