package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code --modprobe-on-install} after an install for the running kernel: loads the installed modules
 * ({@code modprobe -a -b}, so a blacklist is honoured) and replays the kernel's add events
 * ({@code udevadm trigger --action=add}, as DKMS 2.x's udev trigger did), so that devices the new driver
 * handles bind to it without a reboot. A failure only warns: the install itself is done. Not thread-safe.
 */
public final class ModprobeOnInstall {
    /** Where the tools are looked for when the PATH does not have them (a root's PATH may lack sbin). */
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private final BuildIo io;
    private final BuildOutput out;
    private final Map<String, String> env;

    public ModprobeOnInstall(BuildIo io, BuildOutput out, Map<String, String> env) {
        this.io = Objects.requireNonNull(io, "io");
        this.out = Objects.requireNonNull(out, "out");
        this.env = Map.copyOf(env);
    }

    /** Loads {@code modules} (DEST_MODULE_NAMEs) and triggers udev's add events. */
    public void run(List<String> modules) throws IOException {
        if (modules.isEmpty()) {
            return;
        }
        List<String> modprobe = new ArrayList<>(List.of("modprobe", "-a", "-b"));
        modprobe.addAll(modules);
        if (exec(modprobe)) {
            exec(List.of("udevadm", "trigger", "--action=add"));
        }
    }

    private boolean exec(List<String> argv) throws IOException {
        Optional<Path> program = find(argv.get(0));
        if (program.isEmpty()) {
            out.warn(argv.get(0) + " not found: the modules are installed but not loaded.");
            return false;
        }
        List<String> resolved = new ArrayList<>(argv);
        resolved.set(0, program.get().toString());
        BuildIo.Result result = io.exec(resolved, Path.of("/"), env);
        if (result.exitCode() != 0) {
            out.warn(String.join(" ", argv) + " failed (status " + result.exitCode() + ").",
                    result.output().replaceFirst("\n+$", ""));
            return false;
        }
        return true;
    }

    /** The program on the environment's PATH, then in the system directories. */
    private Optional<Path> find(String name) {
        List<String> dirs = new ArrayList<>(List.of(env.getOrDefault("PATH", "").split(":")));
        dirs.addAll(SBIN);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst();
    }
}
