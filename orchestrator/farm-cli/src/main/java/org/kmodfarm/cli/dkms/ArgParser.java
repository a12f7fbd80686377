package org.kmodfarm.cli.dkms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DKMS 3.2.2's argument loop: the same options in the same order of precedence (bash {@code case} patterns,
 * so {@code --module*} also takes {@code --modulefoo}), {@code --opt=value} and {@code --opt value}, and the
 * same reading of bare words (action, dkms.conf path, source directory, archive, {@code module/version}).
 * Prints what DKMS prints while parsing. Not thread-safe; one instance per run.
 */
final class ArgParser {
    /** The outcome of the loop. */
    sealed interface Outcome {
        /**
         * Parsing finished; the run goes on.
         *
         * @param templateKernel {@code --templatekernel}, which only {@code match} reads; empty when not given
         */
        record Parsed(DkmsOptions options, String templateKernel) implements Outcome {
        }

        /** {@code --help}, {@code --version} or an unknown option ended the run. */
        record Finished(int exitCode) implements Outcome {
        }
    }

    /** DKMS's {@code $action_re}. */
    static final Pattern ACTION = Pattern.compile(
            "remove|(auto|un)?install|match|mktarball|(un)?build|add|status|ldtarball|generate_mok"
                    + "|kernel_(preinst|postinst|prerm)");
    private static final Pattern MODULE_VERSION = Pattern.compile("([^/]*)/(.*)", Pattern.DOTALL);
    private static final Pattern INLINE_VALUE = Pattern.compile("[^=]*=(.*)", Pattern.DOTALL);
    /** What {@code --version} prints: the DKMS release this entry point reproduces. */
    static final String RELEASE = "dkms-3.2.2";

    private final Console console;
    private final Host host;
    private String action = "";
    private String module = "";
    private String moduleVersion = "";
    private final List<String> kernels = new ArrayList<>();
    private final List<String> arches = new ArrayList<>();
    private String conf = "";
    private boolean force;
    private boolean all;
    private boolean json;
    private boolean rpmSafeUpgrade;
    private boolean binariesOnly;
    private boolean sourceOnly;
    private String dkmsTree = "/var/lib/dkms";
    private String sourceTree = "/usr/src";
    private String installTree = "/lib/modules";
    private String kernelSourceDir = "";
    private String kernelConfig = "";
    private String trySourceTree = "";
    private String archiveLocation = "";
    private String templateKernel = "";
    private String parallelJobs = "";
    private boolean noDepmod;
    private boolean modprobeOnInstall;

    ArgParser(Console console, Host host) {
        this.console = console;
        this.host = host;
    }

    /** Parses {@code args}, printing DKMS's parse-time messages; throws {@link DkmsExit} for a second action. */
    Outcome parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String next = i + 1 < args.length ? args[i + 1] : "";
            boolean inline = INLINE_VALUE.matcher(arg).matches();
            String value = readArg(inline ? inlineValue(arg) : next);
            boolean takesValue = true;
            if (arg.startsWith("--module") || arg.equals("-m")) {
                parseModuleVersion(value);
            } else if (arg.equals("-v")) {
                moduleVersion = value;
            } else if (arg.startsWith("--kernelver") || arg.equals("-k")) {
                Matcher ka = MODULE_VERSION.matcher(value);
                if (ka.matches()) {
                    kernels.add(ka.group(1));
                    arches.add(ka.group(2));
                } else {
                    kernels.add(value);
                }
            } else if (arg.equals("-j")) {
                parallelJobs = value;
            } else if (arg.startsWith("--templatekernel")) {
                templateKernel = value;
            } else if (arg.startsWith("--directive")) {
                // Consumed only: kmodfarm does not apply --directive to dkms.conf yet.
            } else if (arg.equals("-c")) {
                conf = value;
            } else if (arg.startsWith("--dkmstree")) {
                dkmsTree = value;
            } else if (arg.startsWith("--sourcetree")) {
                sourceTree = value;
            } else if (arg.startsWith("--installtree")) {
                installTree = value;
            } else if (arg.startsWith("--config")) {
                kernelConfig = value;
            } else if (arg.startsWith("--archive")) {
                archiveLocation = value;
            } else if (arg.startsWith("--arch") || arg.equals("-a")) {
                arches.add(value);
            } else if (arg.startsWith("--kernelsourcedir")) {
                kernelSourceDir = value;
            } else {
                takesValue = false;
                Integer exit = flag(arg);
                if (exit != null) {
                    return new Outcome.Finished(exit);
                }
            }
            if (takesValue && !inline) {
                i++;
            }
        }
        return new Outcome.Parsed(new DkmsOptions(action, module, moduleVersion, kernels, arches, conf, force, all,
                json, rpmSafeUpgrade, binariesOnly, sourceOnly, dkmsTree, sourceTree, installTree, kernelSourceDir,
                kernelConfig, trySourceTree, archiveLocation, parallelJobs, noDepmod, modprobeOnInstall), templateKernel);
    }

    /** Options without a value and bare words; an exit code when the option ends the run. */
    private Integer flag(String arg) {
        switch (arg) {
            case "--quiet", "-q" -> console.quiet();
            case "--version", "-V" -> {
                console.out(RELEASE);
                return 0;
            }
            case "--no-initrd", "--no-clean-kernel", "--no-prepare-kernel" -> console.deprecated(arg);
            case "--binaries-only" -> binariesOnly = true;
            case "--source-only" -> sourceOnly = true;
            case "--force" -> force = true;
            case "--all" -> all = true;
            case "--rpm_safe_upgrade" -> rpmSafeUpgrade = true;
            case "--json" -> json = true;
            // Accepted like DKMS; they only matter to build, install and the debug trace.
            case "--no-depmod" -> noDepmod = true;
            case "--modprobe-on-install" -> modprobeOnInstall = true;
            case "--force-version-override", "--verbose", "--symlink-modules", "--debug" -> {
            }
            case "--help", "-h" -> {
                console.print(Usage.text(host.argv0()));
                return 0;
            }
            default -> {
                if (arg.startsWith("-")) {
                    console.error(List.of("Unknown option: " + arg));
                    console.print(Usage.text(host.argv0()));
                    return 2;
                }
                word(arg);
            }
        }
        return null;
    }

    private void word(String arg) {
        Path path = Path.of(host.workingDirectory()).resolve(arg.isEmpty() ? "." : arg);
        if (ACTION.matcher(arg).matches()) {
            if (!action.isEmpty()) {
                throw DkmsExit.die(4, "Cannot specify more than one action.");
            }
            action = arg;
        } else if (!arg.isEmpty() && Files.isRegularFile(path) && arg.endsWith("dkms.conf")) {
            trySourceTree = arg.substring(0, arg.length() - "dkms.conf".length()) + "./";
        } else if (!arg.isEmpty() && Files.isDirectory(path) && Files.isRegularFile(path.resolve("dkms.conf"))) {
            trySourceTree = arg;
        } else if (!arg.isEmpty() && Files.isRegularFile(path)) {
            archiveLocation = arg;
        } else if (module.isEmpty()) {
            parseModuleVersion(arg);
        } else {
            console.warn("I do not know how to handle " + arg + ".");
        }
    }

    private void parseModuleVersion(String value) {
        Matcher mv = MODULE_VERSION.matcher(value);
        if (mv.matches()) {
            module = mv.group(1);
            moduleVersion = mv.group(2);
        } else {
            module = value;
        }
    }

    private static String inlineValue(String arg) {
        return arg.substring(arg.indexOf('=') + 1);
    }

    /** bash's {@code read -r var <<< "$value"}: the first line, without leading and trailing blanks. */
    static String readArg(String value) {
        int newline = value.indexOf('\n');
        String line = newline < 0 ? value : value.substring(0, newline);
        return line.replaceAll("^[ \\t]+|[ \\t]+$", "");
    }
}
