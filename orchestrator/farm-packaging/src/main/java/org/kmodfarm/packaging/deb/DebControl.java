package org.kmodfarm.packaging.deb;

import java.util.ArrayList;
import java.util.List;
import org.kmodfarm.model.Arch;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

/** The {@code control} file of a binary Debian package (deb-control(5)), in the field order dpkg-gencontrol uses. */
final class DebControl {
    private static final int WIDTH = 80;

    private DebControl() {
    }

    /** The Architecture field's value: Debian's name, or {@code all}. */
    static String architecture(PackageSpec spec) {
        return spec.arch().map(Arch::debian).orElse("all");
    }

    static String render(PackageSpec spec, long installedSizeKiB) {
        StringBuilder c = new StringBuilder();
        field(c, "Package", spec.name());
        field(c, "Version", spec.version());
        field(c, "Architecture", architecture(spec));
        field(c, "Maintainer", spec.maintainer());
        field(c, "Installed-Size", Long.toString(installedSizeKiB));
        if (!spec.depends().isEmpty()) {
            field(c, "Depends", relations(spec.depends()));
        }
        // deb-control(5)'s order: Depends, Conflicts, Provides, Replaces
        if (!spec.supersedes().isEmpty()) {
            field(c, "Conflicts", relations(spec.supersedes()));
        }
        if (!spec.provides().isEmpty()) {
            field(c, "Provides", relations(spec.provides()));
        }
        if (!spec.supersedes().isEmpty()) {
            field(c, "Replaces", relations(spec.supersedes()));
        }
        field(c, "Section", spec.section());
        // Every package kmodfarm makes is optional: none is needed for a working system.
        field(c, "Priority", "optional");
        c.append("Description: ").append(spec.summary()).append('\n');
        for (String line : descriptionLines(spec.description())) {
            c.append(line).append('\n');
        }
        return c.toString();
    }

    private static String relations(List<Relation> relations) {
        return relations.stream().map(r -> r.version().isEmpty() ? r.name() : r.name() + " (= " + r.version() + ")")
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static void field(StringBuilder c, String name, String value) {
        c.append(name).append(": ").append(value).append('\n');
    }

    /**
     * Continuation lines start with a space; an empty line is written " ." so it does not end the stanza. Lines
     * are wrapped at 80 columns, as package managers show them unwrapped.
     */
    private static List<String> descriptionLines(String description) {
        List<String> lines = new ArrayList<>();
        for (String line : description.strip().lines().toList()) {
            if (line.isBlank()) {
                lines.add(" .");
                continue;
            }
            StringBuilder current = new StringBuilder();
            for (String word : line.strip().split("\\s+")) {
                if (current.length() > 0 && current.length() + 1 + word.length() > WIDTH - 1) {
                    lines.add(" " + current);
                    current.setLength(0);
                }
                current.append(current.length() > 0 ? " " : "").append(word);
            }
            lines.add(" " + current);
        }
        return lines;
    }
}
