package org.kmodfarm.model;

import java.util.Objects;

/**
 * One thing wrong with user input: where it is, what is wrong, and what to do about it.
 *
 * @param where the file and line; never null
 * @param what  what is wrong, one sentence
 * @param fix   what the user should do, one sentence; empty when nothing better than the message exists
 */
public record Problem(SourceLocation where, String what, String fix) {
    public Problem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(fix, "fix");
    }

    /** The one-line form the CLI prints: {@code file:line: what (fix)}. */
    public String render() {
        return where + ": " + what + (fix.isEmpty() ? "" : " (" + fix + ")");
    }
}
