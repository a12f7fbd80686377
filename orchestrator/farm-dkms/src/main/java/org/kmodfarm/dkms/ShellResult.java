package org.kmodfarm.dkms;

import java.util.Objects;

/**
 * What a finished bash run produced.
 *
 * @param exitCode the shell's exit status
 * @param stdout   everything written to standard output, as bytes (it may hold NULs)
 * @param stderr   everything written to standard error, decoded as UTF-8
 */
public record ShellResult(int exitCode, byte[] stdout, String stderr) {
    public ShellResult {
        stdout = Objects.requireNonNull(stdout, "stdout").clone();
        Objects.requireNonNull(stderr, "stderr");
    }

    /** A copy of the standard output bytes. */
    @Override
    public byte[] stdout() {
        return stdout.clone();
    }
}
