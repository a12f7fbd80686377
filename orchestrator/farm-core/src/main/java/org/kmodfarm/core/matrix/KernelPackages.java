package org.kmodfarm.core.matrix;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kmodfarm.model.KernelRelease;

/** Debian's naming of kernel packages: what a headers package says about its kernel and compiler. */
final class KernelPackages {
    private static final String HEADERS = "linux-headers-";
    /** version, ABI (-47 or +deb12), then the flavour: 6.1.0-47-cloud-amd64, 6.12.95+deb12-amd64. */
    private static final Pattern RELEASE =
            Pattern.compile("\\d+\\.\\d+(?:\\.\\d+)?(?:-\\d+|\\+[a-z0-9.~]+)*-(?<flavour>[a-z][a-z0-9-]*)");
    private static final Pattern COMPILER_WRAPPER = Pattern.compile("linux-compiler-(?<cc>gcc|clang)-(?<v>\\d+)-.+");
    private static final Pattern COMPILER = Pattern.compile("(?<cc>gcc|clang)-(?<v>\\d+)(?:-for-host)?");
    /** Packages named like kernels that hold shared parts, not a kernel. */
    private static final List<String> NOT_FLAVOURS = List.of("common", "common-rt");

    private KernelPackages() {
    }

    /** A flavoured kernel a headers package stands for. */
    record Headers(KernelRelease kernel, String flavour) {
    }

    static Optional<Headers> headers(String packageName) {
        if (!packageName.startsWith(HEADERS)) {
            return Optional.empty();
        }
        String release = packageName.substring(HEADERS.length());
        Matcher m = RELEASE.matcher(release);
        if (!m.matches() || NOT_FLAVOURS.contains(m.group("flavour"))) {
            return Optional.empty();
        }
        return Optional.of(new Headers(KernelRelease.parse(release), m.group("flavour")));
    }

    /** The dependency naming the compiler, and the compiler it amounts to ({@code gcc-12}). */
    record Compiler(String dependency, String compiler) {
    }

    static Optional<Compiler> compiler(List<String> depends) {
        for (String d : depends) {
            Matcher w = COMPILER_WRAPPER.matcher(d);
            if (w.matches()) {
                return Optional.of(new Compiler(d, w.group("cc") + "-" + w.group("v")));
            }
            Matcher c = COMPILER.matcher(d);
            if (c.matches()) {
                return Optional.of(new Compiler(d, c.group("cc") + "-" + c.group("v")));
            }
        }
        return Optional.empty();
    }
}
