package org.kmodfarm.core.matrix;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.kmodfarm.core.yaml.YamlReader;
import org.kmodfarm.core.yaml.YamlReader.Mapping;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.KernelRelease;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a matrix file ({@code kernel-matrix/README.md} documents the format) and checks everything that
 * can be checked without a network: keys, types, regexes, names. Every problem is reported at once, each
 * with file and line.
 */
public final class MatrixParser {
    private static final List<String> TOP_KEYS = List.of("distro", "mirror", "security-mirror", "targets");
    private static final List<String> GROUP_KEYS = List.of("name", "distro", "release", "suites", "mirror",
            "security-mirror", "arch", "flavours", "kernels");
    private static final List<String> KERNEL_KEYS = List.of("releases", "match", "newest", "oldest");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.+-]*");
    private static final Pattern FLAVOUR = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private MatrixParser() {
    }

    /** @throws BadInputException listing every problem found */
    public static MatrixSpec parse(Path file) {
        YamlReader.Root root = YamlReader.open(file);
        YamlReader r = root.reader();
        List<TargetGroup> groups = new ArrayList<>();
        root.mapping().ifPresent(top -> {
            top.allowOnly(TOP_KEYS);
            String distro = top.string("distro").orElse("debian");
            Optional<Located<URI>> mirror = uri(r, top, "mirror");
            Optional<Located<URI>> security = uri(r, top, "security-mirror");
            List<Mapping> items = top.mappings("targets");
            if (items.isEmpty() && r.problemsSoFar() == 0) {
                r.problem(top.node(), "no targets", "add a 'targets:' list with at least one group");
            }
            Set<String> names = new HashSet<>();
            for (Mapping item : items) {
                group(r, item, distro, mirror, security).ifPresent(g -> {
                    if (!names.add(g.name())) {
                        r.problem(item.node(), "group name '" + g.name() + "' used twice", "give each group its own name");
                    }
                    groups.add(g);
                });
            }
        });
        r.throwIfProblems();
        return new MatrixSpec(file, groups);
    }

    private static Optional<TargetGroup> group(YamlReader r, Mapping g, String distro,
                                               Optional<Located<URI>> mirror, Optional<Located<URI>> security) {
        g.allowOnly(GROUP_KEYS);
        Optional<String> release = required(r, g, "release", "the distro release, e.g. release: bookworm");
        release.filter(v -> !NAME.matcher(v).matches()).ifPresent(v -> r.problem(g.node(),
                "release '" + v + "' is not a release name", "use the codename, e.g. bookworm"));
        List<Located<String>> suites = names(r, g, "suites", NAME, "a suite name such as bookworm-backports");
        if (suites.isEmpty() && g.get("suites").isEmpty()) {
            r.problem(g.node(), "no suites", "add suites: [RELEASE, RELEASE-updates] (where kernels are looked for)");
        }
        List<Located<Arch>> archs = new ArrayList<>();
        for (ScalarNode s : g.scalars("arch")) {
            try {
                archs.add(new Located<>(Arch.parse(s.getValue()), r.at(s)));
            } catch (IllegalArgumentException e) {
                r.problem(s, e.getMessage(), "use one of the valid names");
            }
        }
        if (g.get("arch").isEmpty()) {
            archs.add(new Located<>(Arch.AMD64, r.at(g.node())));
        }
        List<Located<String>> flavours = names(r, g, "flavours", FLAVOUR, "a kernel flavour such as cloud-amd64");
        if (g.get("flavours").isEmpty()) {
            r.problem(g.node(), "no flavours", "add flavours: [amd64] (the part of the kernel release after the ABI)");
        }
        KernelSelector kernels = kernels(r, g);
        String name = g.string("name").orElse(release.orElse("?"));
        String groupDistro = g.string("distro").orElse(distro);
        Optional<Located<URI>> groupMirror = uri(r, g, "mirror").or(() -> mirror);
        Optional<Located<URI>> groupSecurity = uri(r, g, "security-mirror").or(() -> security);
        if (release.isEmpty() || kernels == null) {
            return Optional.empty();
        }
        return Optional.of(new TargetGroup(r.at(g.node()), name, groupDistro, release.get(), suites, groupMirror,
                groupSecurity, archs, flavours, kernels));
    }

    private static KernelSelector kernels(YamlReader r, Mapping g) {
        var node = g.get("kernels");
        if (node.isEmpty()) {
            r.problem(g.node(), "no kernels selection", "add kernels: all, or kernels: {newest: 1}");
            return null;
        }
        if (node.get() instanceof ScalarNode s) {
            if (s.getValue().equals("all")) {
                return KernelSelector.all(r.at(s));
            }
            r.problem(s, "kernels must be 'all' or a mapping, not '" + s.getValue() + "'",
                    "write kernels: all, or kernels: {newest: 1, oldest: 1}");
            return null;
        }
        Optional<Mapping> m = g.mapping("kernels");
        if (m.isEmpty()) {
            return null;
        }
        Mapping k = m.get().allowOnly(KERNEL_KEYS);
        List<Located<KernelRelease>> releases = new ArrayList<>();
        for (ScalarNode s : k.scalars("releases")) {
            try {
                releases.add(new Located<>(KernelRelease.parse(s.getValue()), r.at(s)));
            } catch (IllegalArgumentException e) {
                r.problem(s, e.getMessage(), "write the release as uname -r prints it");
            }
        }
        Optional<Pattern> match = k.scalar("match").flatMap(s -> {
            try {
                return Optional.of(Pattern.compile(s.getValue()));
            } catch (PatternSyntaxException e) {
                r.problem(s, "bad regex '" + s.getValue() + "': " + e.getDescription() + " near index " + e.getIndex(),
                        "fix the regular expression (Java syntax; quote it in single quotes)");
                return Optional.empty();
            }
        });
        int newest = k.count("newest").orElse(0);
        int oldest = k.count("oldest").orElse(0);
        if (k.get("releases").isEmpty() && k.get("match").isEmpty() && newest == 0 && oldest == 0) {
            r.problem(k.node(), "the kernels selection selects nothing",
                    "give releases, match, newest or oldest (or write kernels: all)");
        }
        return new KernelSelector(r.at(k.node()), false, releases, match, newest, oldest);
    }

    private static Optional<String> required(YamlReader r, Mapping m, String key, String example) {
        Optional<String> v = m.string(key).filter(s -> !s.isBlank());
        if (v.isEmpty() && m.get(key).isEmpty()) {
            r.problem(m.node(), "missing '" + key + "'", "add " + example);
        }
        return v;
    }

    private static List<Located<String>> names(YamlReader r, Mapping m, String key, Pattern form, String what) {
        List<Located<String>> out = new ArrayList<>();
        for (ScalarNode s : m.scalars(key)) {
            if (form.matcher(s.getValue()).matches()) {
                out.add(new Located<>(s.getValue(), r.at(s)));
            } else {
                r.problem(s, "'" + s.getValue() + "' is not " + what, "use lower-case letters, digits, '-', '.', '+'");
            }
        }
        return out;
    }

    private static Optional<Located<URI>> uri(YamlReader r, Mapping m, String key) {
        return m.scalar(key).flatMap(s -> {
            try {
                URI u = new URI(s.getValue());
                if (List.of("http", "https", "file").contains(u.getScheme())) {
                    return Optional.of(new Located<>(u, r.at(s)));
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            r.problem(s, "'" + s.getValue() + "' is not an http(s) or file URL",
                    "write the archive root, e.g. " + key + ": http://deb.debian.org/debian");
            return Optional.empty();
        });
    }
}
