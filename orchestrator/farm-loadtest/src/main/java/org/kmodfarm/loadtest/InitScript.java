package org.kmodfarm.loadtest;

import java.util.List;

/**
 * The initramfs's {@code /init}: mounts proc and sys, loads the modules in order, reads the taint, removes the
 * cell's modules again (last loaded first), dumps the kernel log and powers off. Each fact goes out on the
 * console as one {@code KMODFARM-…} line, which {@link ConsoleParser} reads; everything else on the console
 * is the kernel's own.
 */
final class InitScript {
    /** Written into the kernel log before the first insmod: what follows it is the modules' doing. */
    static final String KMSG_MARK = "kmodfarm: loading modules";

    private InitScript() {
    }

    static String render(List<LoadStep> steps) {
        StringBuilder s = new StringBuilder("""
                #!/bin/busybox sh
                /bin/busybox --install -s /bin
                export PATH=/bin
                mount -t proc proc /proc
                mount -t sysfs sysfs /sys
                mount -t devtmpfs devtmpfs /dev 2>/dev/null
                # one line per fact: an error message may hold newlines
                say() { echo "$*" | tr '\\n' ' '; echo; }
                echo "KMODFARM-BOOTED $(uname -r)"
                echo "KMODFARM-TAINT-BEFORE $(cat /proc/sys/kernel/tainted)"
                echo "%s" > /dev/kmsg
                """.formatted(KMSG_MARK));
        for (LoadStep step : steps) {
            s.append("out=$(insmod /modules/").append(step.file()).append(" 2>&1); rc=$?\n")
                    .append("say \"KMODFARM-INSMOD ").append(step.shipped() ? "shipped " : "cell ")
                    .append(step.name()).append(" $rc $out\"\n");
        }
        s.append("echo \"KMODFARM-TAINT-AFTER $(cat /proc/sys/kernel/tainted)\"\n");
        for (int i = steps.size() - 1; i >= 0; i--) {
            LoadStep step = steps.get(i);
            if (!step.shipped()) {
                s.append("if grep -q '^").append(step.name()).append(" ' /proc/modules; then ")
                        .append("out=$(rmmod ").append(step.name()).append(" 2>&1); rc=$?; ")
                        .append("say \"KMODFARM-RMMOD ").append(step.name()).append(" $rc $out\"; fi\n");
            }
        }
        s.append("""
                echo KMODFARM-DMESG-BEGIN
                dmesg
                echo KMODFARM-DMESG-END
                echo KMODFARM-END
                poweroff -f
                """);
        return s.toString();
    }
}
