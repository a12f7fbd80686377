package org.kmodfarm.packaging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.kmodfarm.model.Arch;

/**
 * What one package holds and says about itself, independent of the format it is written in. Validated on
 * construction: a spec that exists can be written.
 *
 * @param name        package name: lower case letters, digits, {@code + - .}, starting with a letter or digit
 * @param version     upstream version, starting with a digit (DKMS module versions usually do); '_' is accepted
 *                    here for RPM (SUSE's {@code VERSION_kKERNEL}), the Debian writer refuses it
 * @param arch        the CPU architecture of its files; empty for architecture-independent packages
 * @param maintainer  {@code Name <address>}
 * @param summary     one line, at most 80 characters
 * @param description the longer text, paragraphs separated by blank lines; may be empty
 * @param section     archive section ({@code kernel})
 * @param license     the licence its content declares (a module's {@code MODULE_LICENSE}), for the copyright file
 * @param depends     what it needs installed, named as the target's package manager knows it
 * @param provides    capabilities it offers besides its name (RPM's {@code modalias(…)}); may be empty
 * @param supersedes  packages it takes the place of (kmodfarm's own package for Debian's {@code dkms}): it
 *                    cannot be installed beside them and takes over their files (Debian's Conflicts and Replaces,
 *                    RPM's Conflicts); may be empty
 * @param supplements RPM's weak reverse dependencies: a resolver installs this package when one of them is
 *                    installed or present (SUSE KMPs' {@code modalias(kernel-FLAVOR:ALIAS)}); may be empty; only the
 *                    RPM writer writes them
 * @param enhances    RPM's weak hint that this package adds to those ({@code kernel-FLAVOR}); may be empty; only the
 *                    RPM writer writes them
 * @param files       what it installs; paths unique
 * @param scripts     maintainer scripts by kind; each a complete shell script
 * @param time        the one time stamp every entry and text of the package carries ({@code SOURCE_DATE_EPOCH})
 */
public record PackageSpec(String name, String version, Optional<Arch> arch, String maintainer, String summary,
                          String description, String section, String license, List<Relation> depends,
                          List<Relation> provides, List<Relation> supersedes, List<Relation> supplements,
                          List<Relation> enhances, List<PackageFile> files, Map<MaintainerScript, String> scripts,
                          Instant time) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern VERSION = Pattern.compile("[0-9][A-Za-z0-9.+~_-]*");
    private static final Pattern MAINTAINER = Pattern.compile("[^<>\\n]+ <[^<>@\\s]+@[^<>@\\s]+>");

    public PackageSpec {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(license, "license");
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("package name '" + name + "' is not two or more lower case letters, digits, '+', '-' and '.'");
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            problems.add("version '" + version + "' does not start with a digit or holds characters other than "
                    + "letters, digits and '.+~_-'");
        }
        if (maintainer == null || !MAINTAINER.matcher(maintainer).matches()) {
            problems.add("maintainer '" + maintainer + "' is not of the form 'Name <address@host>'");
        }
        if (summary == null || summary.isBlank() || summary.contains("\n") || summary.length() > 80) {
            problems.add("summary must be one non-empty line of at most 80 characters: '" + summary + "'");
        }
        Set<String> paths = new HashSet<>();
        for (PackageFile f : files) {
            if (!paths.add(f.path())) {
                problems.add("two files at " + f.path());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        depends = List.copyOf(depends);
        provides = List.copyOf(provides);
        supersedes = List.copyOf(supersedes);
        supplements = List.copyOf(supplements);
        enhances = List.copyOf(enhances);
        files = List.copyOf(files);
        scripts = scripts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(scripts));
    }

    /** A spec without weak relations (neither supplements nor enhances): every format but SUSE's KMP. */
    public PackageSpec(String name, String version, Optional<Arch> arch, String maintainer, String summary,
                       String description, String section, String license, List<Relation> depends,
                       List<Relation> provides, List<Relation> supersedes, List<PackageFile> files,
                       Map<MaintainerScript, String> scripts, Instant time) {
        this(name, version, arch, maintainer, summary, description, section, license, depends, provides, supersedes,
                List.of(), List.of(), files, scripts, time);
    }

    /** This spec with other maintainer scripts, everything else as it is. */
    public PackageSpec withScripts(Map<MaintainerScript, String> other) {
        return new PackageSpec(name, version, arch, maintainer, summary, description, section, license, depends,
                provides, supersedes, supplements, enhances, files, other, time);
    }
}
