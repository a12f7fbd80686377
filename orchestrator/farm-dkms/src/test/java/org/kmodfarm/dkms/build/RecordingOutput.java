package org.kmodfarm.dkms.build;

/** A {@link BuildOutput} that keeps standard output, standard error, and both interleaved. */
final class RecordingOutput implements BuildOutput {
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final StringBuilder all = new StringBuilder();

    @Override
    public void out(String text) {
        stdout.append(text);
        all.append(text);
    }

    @Override
    public void err(String text) {
        stderr.append(text);
        all.append(text);
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /** Both streams in the order they were written. */
    String all() {
        return all.toString();
    }
}
