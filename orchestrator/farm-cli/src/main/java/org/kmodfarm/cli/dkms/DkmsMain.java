package org.kmodfarm.cli.dkms;

/**
 * The {@code dkms} entry point: DKMS 3.2.2's command line, messages and exit codes over kmodfarm's DKMS tree
 * code. {@code bin/dkms} runs it with the system property {@code dkms.argv0} set to its own {@code $0}, which
 * the usage text starts with, as DKMS's does.
 */
public final class DkmsMain {
    private DkmsMain() {
    }

    public static void main(String[] args) {
        Host host = Host.detect(System.getProperty("dkms.argv0", "dkms"));
        int code = new DkmsCommand(host, DkmsProfile.HOST, new Console(System.out, System.err)).run(args);
        System.exit(code);
    }
}
