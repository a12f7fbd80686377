package org.kmodfarm.model.spi;

import java.time.Duration;

/** The end of a sandboxed run: how it ended, what it left in {@code /build/out} (an uncompressed tar), how long. */
public record SandboxResult(SandboxExit exit, byte[] outputTar, Duration elapsed) {
    public SandboxResult {
        outputTar = outputTar.clone();
    }

    @Override
    public byte[] outputTar() {
        return outputTar.clone();
    }
}
