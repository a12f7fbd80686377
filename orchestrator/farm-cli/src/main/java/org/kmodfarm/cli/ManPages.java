package org.kmodfarm.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * man(7) pages written from the picocli model, so they say what {@code --help} says: one page per command
 * ({@code kmodfarm(1)}, {@code kmodfarm-build(1)}, {@code kmodfarm-matrix-resolve(1)}…), each with its
 * synopsis, description, arguments, options and subcommands. Stateless.
 */
final class ManPages {
    // the page is a file, whatever terminal package-self runs in: no colour codes
    private static final CommandLine.Help.ColorScheme PLAIN =
            CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private ManPages() {
    }

    /** Page name (e.g. {@code kmodfarm-build}) → roff text, for the command and every subcommand below it. */
    static Map<String, String> of(CommandLine root, String version, Instant date) {
        Map<String, String> pages = new LinkedHashMap<>();
        add(pages, root.getCommandSpec(), version, date);
        return pages;
    }

    private static void add(Map<String, String> pages, CommandSpec spec, String version, Instant date) {
        pages.put(pageName(spec), page(spec, version, date));
        for (CommandLine sub : spec.subcommands().values()) {
            // an alias maps to the same spec: one page each
            if (!pages.containsKey(pageName(sub.getCommandSpec())) && !sub.getCommandSpec().usageMessage().hidden()) {
                add(pages, sub.getCommandSpec(), version, date);
            }
        }
    }

    static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String page(CommandSpec spec, String version, Instant date) {
        StringBuilder r = new StringBuilder();
        String name = pageName(spec);
        r.append(".TH \"").append(name.toUpperCase(Locale.ROOT)).append("\" 1 \"").append(DATE.format(date))
                .append("\" \"kmodfarm ").append(escape(version)).append("\" \"kmodfarm manual\"\n");
        String[] description = spec.usageMessage().description();
        r.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(description.length == 0 ? spec.qualifiedName() : firstSentence(description[0])))
                .append('\n');
        r.append(".SH SYNOPSIS\n.nf\n")
                .append(escape(new CommandLine.Help(spec, PLAIN).synopsis(0).stripTrailing())).append("\n.fi\n");
        if (description.length > 0) {
            r.append(".SH DESCRIPTION\n");
            for (String paragraph : description) {
                r.append(".PP\n").append(text(paragraph)).append('\n');
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            r.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                r.append(".TP\n.I ").append(escape(p.paramLabel())).append('\n')
                        .append(text(String.join(" ", p.description()))).append('\n');
            }
        }
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            r.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                r.append(".TP\n").append(optionHead(o)).append('\n').append(text(optionText(o))).append('\n');
            }
        }
        List<CommandSpec> subs = new ArrayList<>();
        spec.subcommands().values().forEach(s -> {
            if (!subs.contains(s.getCommandSpec()) && !s.getCommandSpec().usageMessage().hidden()) {
                subs.add(s.getCommandSpec());
            }
        });
        if (!subs.isEmpty()) {
            r.append(".SH COMMANDS\n");
            for (CommandSpec s : subs) {
                String[] d = s.usageMessage().description();
                r.append(".TP\n.B ").append(escape(s.name())).append('\n')
                        .append(text(d.length == 0 ? "" : firstSentence(d[0]))).append("\nSee \\fB")
                        .append(escape(pageName(s))).append("\\fR(1).\n");
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            r.append(".SH NOTES\n");
            for (String line : footer) {
                if (!line.isBlank()) {
                    r.append(".PP\n").append(text(line)).append('\n');
                }
            }
        }
        r.append(".SH SEE ALSO\n");
        r.append(spec.parent() == null ? "" : "\\fB" + escape(pageName(spec.parent())) + "\\fR(1), ");
        r.append("\\fBdkms\\fR(8)\n");
        return r.toString();
    }

    /**
     * dkms(8): the DKMS entry point is not a picocli command (it parses DKMS's own way); its page holds DKMS's
     * usage text, which it prints for {@code --help}, and what sets it apart.
     */
    static String dkmsPage(String usage, String dkmsVersion, String version, Instant date) {
        return ".TH \"DKMS\" 8 \"" + DATE.format(date) + "\" \"kmodfarm " + escape(version)
                + "\" \"kmodfarm manual\"\n"
                + ".SH NAME\ndkms \\- Dynamic Kernel Module Support, as kmodfarm implements it\n"
                + ".SH SYNOPSIS\n.nf\n" + escape(usage.stripTrailing()) + "\n.fi\n"
                + ".SH DESCRIPTION\n.PP\n" + text("kmodfarm's dkms keeps the command line, messages and exit codes "
                + "of DKMS " + dkmsVersion + ": add, build, install, uninstall and remove out-of-tree kernel modules "
                + "whose source is under /usr/src/NAME-VERSION with a dkms.conf, for one kernel or all of them; "
                + "mktarball and ldtarball move built modules between hosts; autoinstall and the kernel_* actions "
                + "run from the kernel packages' hooks.") + "\n"
                + ".PP\n" + text("The tree is /var/lib/dkms, the sources /usr/src; /etc/dkms/framework.conf and "
                + "/etc/dkms/framework.conf.d/*.conf set them, as with DKMS.") + "\n"
                + ".SH SEE ALSO\n\\fBkmodfarm\\fR(1)\n";
    }

    /** {@code \fB-k\fR, \fB--kernel\fR=\fIKERNEL\fR}. */
    private static String optionHead(OptionSpec o) {
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
            names.add("\\fB" + escape(n) + "\\fR");
        }
        String head = String.join(", ", names);
        if (o.arity().max() > 0) {
            head += "=\\fI" + escape(o.paramLabel()) + "\\fR";
        }
        return head;
    }

    /** The description as --help shows it: picocli's default-value and candidates variables filled in. */
    private static String optionText(OptionSpec o) {
        String text = String.join(" ", o.description());
        String defaultValue = o.defaultValueString();
        text = text.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue);
        List<String> candidates = new ArrayList<>();
        if (o.completionCandidates() != null) {
            o.completionCandidates().forEach(candidates::add);
        }
        return text.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }

    /** picocli's help text is a format string: {@code %n} is a line break, {@code %%} a per cent sign. */
    private static String unformat(String text) {
        return text.replace("%n", "\n").replace("%%", "%");
    }

    /** What NAME says: the description up to its first full stop, colon or semicolon. */
    private static String firstSentence(String formatted) {
        String text = unformat(formatted);
        int end = text.length();
        for (String stop : new String[] {". ", ": ", "; "}) {
            int at = text.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String first = text.substring(0, end);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    /** Running text: escaped, and no line may start with a control character. */
    private static String text(String paragraph) {
        StringBuilder out = new StringBuilder();
        for (String line : unformat(paragraph).strip().split("\n")) {
            String e = escape(line.strip());
            if (e.startsWith(".") || e.startsWith("'")) {
                e = "\\&" + e;
            }
            out.append(out.length() > 0 ? "\n" : "").append(e);
        }
        return out.toString();
    }

    /** Backslashes print as themselves; '-' stays a hyphen-minus (options and names are typed as shown). */
    static String escape(String s) {
        return s.replace("\\", "\\e").replace("-", "\\-");
    }
}
