package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Kernel package hooks that run kmodfarm's {@code dkms} when a kernel is installed or removed. */
@Command(name = "hooks", mixinStandardHelpOptions = true,
        description = "Install the kernel package hooks that build DKMS modules for new kernels.",
        subcommands = {HooksCommand.Install.class})
final class HooksCommand {

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Writes kmodfarm's kernel hooks under a root directory: Debian/Ubuntu "
                    + "/etc/kernel/{postinst,preinst,prerm,header_postinst}.d/dkms, the kernel-install plugin "
                    + "/usr/lib/kernel/install.d/40-dkms.install, an RPM file-trigger snippet for packagers "
                    + "(/usr/share/kmodfarm/rpm/dkms-triggers.spec) and the helper they call "
                    + "(" + KernelHooks.HELPER + ").",
                    "They run 'dkms kernel_postinst|kernel_preinst|kernel_prerm -k KERNEL' with kmodfarm's DKMS "
                            + "entry point and never fail the kernel package, whatever a module does.",
                    "Installing again replaces kmodfarm's own hooks; files of another origin (e.g. Debian's dkms "
                            + "package) are replaced only with --force."})
    static final class Install implements Callable<Integer> {
        private final Context context;

        @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
                description = "Root of the system to install into (an image or chroot; default: ${DEFAULT-VALUE}).")
        Path root;

        @Option(names = "--dkms", paramLabel = "PATH", description = "The DKMS entry point the hooks run, as an "
                + "absolute path on that system (default: bin/dkms of this kmodfarm, KMODFARM_HOME).")
        String dkms;

        @Option(names = "--force", description = "Also replace hook files kmodfarm did not write.")
        boolean force;

        Install(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            String entryPoint = entryPoint();
            Path dir = context.resolvePath(root);
            List<KernelHooks.HookFile> files = KernelHooks.render(entryPoint);
            List<Problem> foreign = new ArrayList<>();
            for (KernelHooks.HookFile f : files) {
                Path target = under(dir, f.target());
                if (!force && Files.exists(target) && !Files.readString(target, StandardCharsets.ISO_8859_1)
                        .contains(KernelHooks.MARKER)) {
                    foreign.add(new Problem(SourceLocation.wholeFile(target), "a hook kmodfarm did not write is "
                            + "installed here (another dkms?)", "remove that package's hooks, or replace them "
                            + "with --force"));
                }
            }
            if (!foreign.isEmpty()) {
                throw new BadInputException(foreign);
            }
            for (KernelHooks.HookFile f : files) {
                Path target = under(dir, f.target());
                AtomicFiles.write(target, f.content(), f.mode());
                context.out().println(PosixFilePermissions.toString(f.mode()) + " " + target);
            }
            context.out().println("kernel hooks installed under " + dir + "; they run " + entryPoint);
            context.out().flush();
            return ExitCodes.OK;
        }

        private String entryPoint() {
            String path = dkms != null ? dkms : context.home().map(h -> h.resolve("bin/dkms").toString())
                    .orElseThrow(() -> new BadInputException(new Problem(SourceLocation.wholeFile(root),
                            "no DKMS entry point to run: KMODFARM_HOME is not set",
                            "give --dkms PATH, or run through the ./kmodfarm launcher")));
            if (!path.startsWith("/") || path.contains("'") || path.contains("\n")) {
                throw new BadInputException(new Problem(SourceLocation.wholeFile(Path.of(path)),
                        "the hooks need an absolute path without quotes or newlines for --dkms",
                        "give the path the DKMS entry point has on the target system, e.g. /opt/kmodfarm/bin/dkms"));
            }
            return path;
        }

        private static Path under(Path dir, String absolute) {
            return dir.resolve(absolute.substring(1));
        }
    }
}
