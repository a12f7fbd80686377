package org.kmodfarm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The kernel package hooks shipped in the repository ({@code hooks/}, inside the jar under {@code /hooks/}) and
 * where they go on a system: Debian's {@code /etc/kernel/*.d}, the {@code kernel-install} plugin, an RPM
 * file-trigger snippet, and the helper they all call. {@code @DKMS@} and {@code @HOOK@} in them become the
 * absolute paths of the DKMS entry point and of the installed helper. Stateless.
 */
final class KernelHooks {
    /** What kmodfarm's hook files say about themselves: a file without it was written by someone else. */
    static final String MARKER = "kmodfarm-hook";
    /** Where the helper goes, as the hooks name it: inside the root being installed, so an absolute path. */
    static final String HELPER = "/usr/lib/kmodfarm/dkms-kernel-hook";

    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /**
     * One hook file as installed.
     *
     * @param target absolute path on the system the hooks are for (below {@code --root})
     * @param mode   its permissions
     */
    record HookFile(String target, byte[] content, Set<PosixFilePermission> mode) {
        HookFile {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(content, "content");
            mode = Set.copyOf(mode);
        }
    }

    private record Layout(String resource, String target, Set<PosixFilePermission> mode) {
    }

    private static final List<Layout> LAYOUT = List.of(
            new Layout("dkms-kernel-hook", HELPER, EXECUTABLE),
            new Layout("debian/postinst.d/dkms", "/etc/kernel/postinst.d/dkms", EXECUTABLE),
            new Layout("debian/preinst.d/dkms", "/etc/kernel/preinst.d/dkms", EXECUTABLE),
            new Layout("debian/prerm.d/dkms", "/etc/kernel/prerm.d/dkms", EXECUTABLE),
            new Layout("debian/header_postinst.d/dkms", "/etc/kernel/header_postinst.d/dkms", EXECUTABLE),
            new Layout("kernel-install/40-dkms.install", "/usr/lib/kernel/install.d/40-dkms.install", EXECUTABLE),
            // A spec fragment for packagers: RPM runs triggers only from an installed package's header.
            new Layout("rpm/dkms-triggers.spec", "/usr/share/kmodfarm/rpm/dkms-triggers.spec", READABLE));

    private KernelHooks() {
    }

    /**
     * Every hook file, rendered.
     *
     * @param dkms absolute path of the DKMS entry point the hooks run, as seen on the target system
     */
    static List<HookFile> render(String dkms) {
        return LAYOUT.stream().map(l -> new HookFile(l.target(), resource(l.resource()).replace("@DKMS@", dkms)
                .replace("@HOOK@", HELPER).getBytes(StandardCharsets.UTF_8), l.mode())).toList();
    }

    private static String resource(String name) {
        try (InputStream in = KernelHooks.class.getResourceAsStream("/hooks/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the hook " + name + " is missing from kmodfarm's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
