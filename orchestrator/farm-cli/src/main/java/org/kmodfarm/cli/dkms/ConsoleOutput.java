package org.kmodfarm.cli.dkms;

import org.kmodfarm.dkms.build.BuildOutput;

/** The library's {@link BuildOutput} on DKMS's two streams. Not thread-safe, like {@link Console}. */
final class ConsoleOutput implements BuildOutput {
    private final Console console;

    ConsoleOutput(Console console) {
        this.console = console;
    }

    @Override
    public void out(String text) {
        console.print(text);
    }

    @Override
    public void err(String text) {
        console.errText(text);
    }
}
