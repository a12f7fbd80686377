package org.kmodfarm.packaging.deb;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.kmodfarm.packaging.PackageSpec;

/**
 * The two files Debian policy asks of every binary package under {@code /usr/share/doc/PACKAGE/}: the
 * copyright file and a changelog (policy 12.5 and 12.7); lintian reports their absence as errors.
 */
final class DebianDocs {
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private DebianDocs() {
    }

    static String directory(PackageSpec spec) {
        return "/usr/share/doc/" + spec.name();
    }

    /** A version with a Debian revision is a non-native package, whose changelog has another name. */
    static String changelogName(PackageSpec spec) {
        return spec.version().contains("-") ? "changelog.Debian.gz" : "changelog.gz";
    }

    static String copyright(PackageSpec spec) {
        StringBuilder c = new StringBuilder();
        // kmodfarm packages module builds (whose licence is the module's MODULE_LICENSE) and itself
        c.append(spec.name()).append(" was packaged by kmodfarm.\n\n");
        c.append("Copyright (C) the authors of its content; their own files name them.\n");
        c.append("License: ").append(spec.license().isBlank() ? "unknown" : spec.license()).append('\n');
        if (spec.license().contains("GPL")) {
            c.append("\nOn Debian systems, the complete text of the GNU General Public License version 2 can be\n"
                    + "found in '/usr/share/common-licenses/GPL-2'.\n");
        }
        return c.toString();
    }

    static String changelog(PackageSpec spec) {
        return spec.name() + " (" + spec.version() + ") unstable; urgency=medium\n\n"
                + "  * Packaged by kmodfarm.\n\n"
                + " -- " + spec.maintainer() + "  " + RFC_2822.format(spec.time()) + "\n";
    }
}
