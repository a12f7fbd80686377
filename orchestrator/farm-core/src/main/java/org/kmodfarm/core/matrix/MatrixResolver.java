package org.kmodfarm.core.matrix;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.kmodfarm.core.apt.AptIndexCache;
import org.kmodfarm.core.apt.IndexException;
import org.kmodfarm.core.apt.MirrorDefaults;
import org.kmodfarm.core.apt.PackageEntry;
import org.kmodfarm.core.apt.SuiteIndex;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.Arch;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.DebianVersion;
import org.kmodfarm.model.KernelRelease;
import org.kmodfarm.model.KernelTarget;
import org.kmodfarm.model.Problem;

/**
 * Resolves a matrix against package repositories: finds every headers package of the groups' suites,
 * applies the kernel selections per flavour, and names each kernel's compiler. Reports every problem
 * (unknown suite, unknown flavour, unreachable mirror, missing kernel) at once, each at its line.
 */
public final class MatrixResolver {
    private final AptIndexCache indexes;
    private final MirrorDefaults defaults;

    public MatrixResolver(AptIndexCache indexes, MirrorDefaults defaults) {
        this.indexes = indexes;
        this.defaults = defaults;
    }

    /** A headers package found in a suite. */
    private record Found(PackageEntry pkg, KernelPackages.Headers headers, String suite) {
    }

    /** @throws BadInputException listing every problem found */
    public List<KernelTarget> resolve(MatrixSpec spec, boolean refresh) {
        List<Problem> problems = new ArrayList<>();
        Set<KernelTarget> targets = new TreeSet<>();
        for (TargetGroup g : spec.groups()) {
            for (Located<Arch> arch : g.archs()) {
                resolveGroup(g, arch, refresh, problems).forEach(targets::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return List.copyOf(targets);
    }

    private List<KernelTarget> resolveGroup(TargetGroup g, Located<Arch> arch, boolean refresh,
                                            List<Problem> problems) {
        Map<KernelRelease, Found> found = new TreeMap<>();
        boolean complete = true;
        for (Located<String> suite : g.suites()) {
            Located<URI> mirror = mirrorFor(g, suite.value());
            try {
                SuiteIndex index = indexes.load(mirror.value(), suite.value(), arch.value().debian(), refresh);
                for (PackageEntry p : index.packages()) {
                    KernelPackages.headers(p.name()).ifPresent(h -> found.merge(h.kernel(),
                            new Found(p, h, suite.value()), MatrixResolver::newer));
                }
            } catch (IndexException e) {
                problems.add(problem(e, suite, arch, mirror));
                complete = false;
            }
        }
        if (!complete) {
            return List.of(); // flavours and kernels cannot be judged on a partial index
        }
        List<KernelTarget> out = new ArrayList<>();
        for (Located<String> flavour : g.flavours()) {
            List<Found> ofFlavour = found.values().stream()
                    .filter(f -> f.headers().flavour().equals(flavour.value())).toList();
            if (ofFlavour.isEmpty()) {
                Set<String> available = found.values().stream().map(f -> f.headers().flavour())
                        .collect(Collectors.toCollection(TreeSet::new));
                problems.add(new Problem(flavour.where(), "no kernel headers of flavour '" + flavour.value()
                        + "' for " + arch.value().debian() + " in " + suiteNames(g),
                        available.isEmpty() ? "check the suites: none of them has kernel headers"
                                : "flavours found there: " + String.join(", ", available)));
                continue;
            }
            for (Found f : select(g.kernels(), ofFlavour, problems)) {
                out.add(target(g, arch.value(), f));
            }
        }
        for (Located<KernelRelease> wanted : g.kernels().releases()) {
            if (!found.containsKey(wanted.value())) {
                problems.add(new Problem(wanted.where(), "kernel " + wanted.value() + " is not in " + suiteNames(g),
                        "pick one the suites have, e.g. " + found.keySet().stream()
                                .skip(Math.max(0, found.size() - 3)).map(KernelRelease::value)
                                .collect(Collectors.joining(", "))));
            }
        }
        return out;
    }

    private static List<Found> select(KernelSelector sel, List<Found> ofFlavour, List<Problem> problems) {
        if (sel.all()) {
            return ofFlavour;
        }
        List<Found> matching = sel.match().map(p -> ofFlavour.stream()
                .filter(f -> p.matcher(f.headers().kernel().value()).find()).toList()).orElse(ofFlavour);
        if (sel.matchOnly()) {
            return matching;
        }
        Set<Found> chosen = new LinkedHashSet<>();
        matching.stream().limit(sel.oldest()).forEach(chosen::add);
        matching.stream().skip(Math.max(0, matching.size() - sel.newest())).forEach(chosen::add);
        Set<KernelRelease> explicit = sel.releases().stream().map(Located::value).collect(Collectors.toSet());
        ofFlavour.stream().filter(f -> explicit.contains(f.headers().kernel())).forEach(chosen::add);
        if (matching.isEmpty() && sel.match().isPresent() && explicit.isEmpty()) {
            problems.add(new Problem(sel.where(), "match '" + sel.match().get() + "' selects no kernel of this flavour",
                    "kernels found: " + ofFlavour.stream().map(f -> f.headers().kernel().value())
                            .collect(Collectors.joining(", "))));
        }
        return List.copyOf(chosen);
    }

    private KernelTarget target(TargetGroup g, Arch arch, Found f) {
        var compiler = KernelPackages.compiler(f.pkg().depends())
                .orElse(new KernelPackages.Compiler("build-essential", "gcc"));
        Set<AptSource> sources = new LinkedHashSet<>();
        sources.add(new AptSource(mirrorFor(g, g.release()).value(), g.release()));
        for (Located<String> s : g.suites()) {
            sources.add(new AptSource(mirrorFor(g, s.value()).value(), s.value()));
        }
        return new KernelTarget(g.name(), g.distro(), g.release(), f.suite(), arch, f.headers().flavour(),
                f.headers().kernel(), f.pkg().name(), new DebianVersion(f.pkg().version()), compiler.dependency(),
                compiler.compiler(), List.copyOf(sources));
    }

    private Located<URI> mirrorFor(TargetGroup g, String suite) {
        return suite.endsWith("-security")
                ? g.securityMirror().orElse(defaults.security())
                : g.mirror().orElse(defaults.main());
    }

    private static Found newer(Found a, Found b) {
        return new DebianVersion(a.pkg().version()).compareTo(new DebianVersion(b.pkg().version())) >= 0 ? a : b;
    }

    private static String suiteNames(TargetGroup g) {
        return g.suites().stream().map(Located::value).collect(Collectors.joining(", "));
    }

    private static Problem problem(IndexException e, Located<String> suite, Located<Arch> arch, Located<URI> mirror) {
        return switch (e.kind()) {
            case SUITE_NOT_FOUND -> new Problem(suite.where(), e.getMessage(),
                    "check the suite's name; Debian's look like bookworm, bookworm-updates, bookworm-backports, "
                            + "bookworm-security");
            case ARCH_NOT_IN_SUITE -> new Problem(arch.where(), e.getMessage(), "pick an architecture the suite has");
            case MIRROR_UNREACHABLE -> new Problem(mirror.where(), "mirror " + mirror.value() + " does not answer: "
                    + e.getMessage(), "check the URL and the network, or name another mirror (mirror: in the matrix "
                    + "file, or KMODFARM_MIRROR)");
            case CORRUPT -> new Problem(suite.where(), e.getMessage(), "try again later, with --refresh");
        };
    }

}
