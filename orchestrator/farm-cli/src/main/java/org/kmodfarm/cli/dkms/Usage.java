package org.kmodfarm.cli.dkms;

/** DKMS 3.2.2's {@code show_usage}, line for line. */
public final class Usage {
    private Usage() {
    }

    /** The text, each line ending in a newline, with {@code argv0} where DKMS prints {@code $0}. */
    public static String text(String argv0) {
        return "Usage: " + argv0 + " [action] [options]\n"
                + "  [action]  = { add | remove | build | unbuild | install | uninstall | match |\n"
                + "               autoinstall | mktarball | ldtarball | status | generate_mok |\n"
                + "               kernel_preinst | kernel_postinst | kernel_prerm }\n"
                + "  [options] = [-m module] [-v module-version] [-k kernel-version] [-a arch]\n"
                + "              [-c dkms.conf-location] [-q] [--force] [--force-version-override] [--all]\n"
                + "              [--templatekernel=kernel] [--directive='cli-directive=cli-value']\n"
                + "              [--config=kernel-include/config/auto.conf-location] [--archive=tarball-location]\n"
                + "              [--kernelsourcedir=source-location] [--rpm_safe_upgrade]\n"
                + "              [--dkmstree path] [--sourcetree path] [--installtree path]\n"
                + "              [--binaries-only] [--source-only] [--verbose]\n"
                + "              [--no-depmod] [--modprobe-on-install] [-j number] [--version] [--help]\n";
    }
}
