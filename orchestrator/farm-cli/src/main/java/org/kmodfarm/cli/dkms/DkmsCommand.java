package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kmodfarm.dkms.ConfEvaluator;
import org.kmodfarm.dkms.ConfReader;
import org.kmodfarm.dkms.DestinationPolicy;
import org.kmodfarm.dkms.LocalBashRunner;
import org.kmodfarm.dkms.build.BuildIo;
import org.kmodfarm.dkms.build.LocalBuildIo;
import org.kmodfarm.dkms.build.Signing;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.FileDkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.TreeRoots;

/**
 * One run of the {@code dkms} entry point: DKMS 3.2.2's start-up checks, argument parsing, sanity checks and
 * dispatch, with its messages and exit codes. Verbs kmodfarm does not do yet end with exit 2 and say so.
 * Not thread-safe; one instance per run.
 */
public final class DkmsCommand {
    /** The verbs a kernel package's hooks call. */
    private static final Set<String> KERNEL_HOOKS = Set.of("kernel_preinst", "kernel_postinst", "kernel_prerm");

    // DKMS's switch for distributions that install modules by other means.
    private static final String NO_AUTOINSTALL = "/etc/dkms/no-autoinstall";

    private final Host host;
    private final DkmsProfile profile;
    private final Console console;

    DkmsCommand(Host host, DkmsProfile profile, Console console) {
        this.host = host;
        this.profile = profile;
        this.console = console;
    }

    /** Runs {@code dkms args…}; everything DKMS prints goes to the console. */
    int run(String[] args) {
        try {
            return dispatch(args);
        } catch (DkmsExit e) {
            e.stderrLines().forEach(console::err);
            return e.code();
        } catch (IOException e) {
            console.error(List.of("kmodfarm could not change the DKMS tree: " + e.getMessage()));
            return 1;
        }
    }

    private int dispatch(String[] args) throws IOException {
        if (host.runningDistribution().isEmpty()) {
            throw DkmsExit.die(4, "System is missing os-release file.");
        }
        ArgParser.Outcome outcome = new ArgParser(console, host).parse(args);
        if (outcome instanceof ArgParser.Outcome.Finished finished) {
            return finished.exitCode();
        }
        ArgParser.Outcome.Parsed parsed = (ArgParser.Outcome.Parsed) outcome;
        DkmsOptions options = parsed.options();
        sanityChecks(options);
        if (KERNEL_HOOKS.contains(options.action())) {
            // DKMS requires the kernel of a package hook explicitly, before it would default to uname -r.
            oneKernel(options.action(), options.all(), options.kernels().size());
        }
        DkmsTree tree = new FileDkmsTree(new TreeRoots(options.dkmsTree(), options.sourceTree(),
                options.installTree()));
        KernelTargets targets = KernelTargets.setUp(options, host, tree);
        ConfReader reader = new ConfReader(new ConfEvaluator(new LocalBashRunner()),
                new DestinationPolicy(host.runningDistribution().get(), host.addonModulesDir()));
        ConfAccess confs = new ConfAccess(reader, host, options, console);
        FrameworkConf framework = new FrameworkConf(new LocalBashRunner(), host);
        // DKMS reads these at start-up, before any kernel is known.
        Map<String, String> settings = framework.read("", List.of("parallel_jobs", "post_transaction"));
        BuildIo io = new LocalBuildIo();
        KernelBuild builder = new KernelBuild(tree, confs, console, host, profile, options, io, settings);
        BuildVerbs installs = new BuildVerbs(tree, console, host, options, io, builder);
        String action = options.action();
        switch (action) {
            case "add" -> {
                if (options.all()) {
                    throw DkmsExit.die(5, "The action add does not support the --all parameter.");
                }
                writableTree(options);
                AddVerb adder = new AddVerb(tree, confs, console, host, profile);
                if (!options.archiveLocation().isEmpty() && options.module().isEmpty()
                        && options.moduleVersion().isEmpty()) {
                    return new TarballLoad(tree, confs, console, host, adder).add(options, targets);
                }
                return adder.run(options, targets);
            }
            case "remove", "unbuild", "uninstall" -> {
                ModuleVersion mv = moduleArgs(action, options.module(), options.moduleVersion());
                notBroken(tree, mv);
                if (!tree.isAdded(mv)) {
                    throw DkmsExit.die(3, "The module/version combo: " + mv + " is not located in the DKMS tree.");
                }
                if (action.equals("uninstall")) {
                    root();
                } else {
                    writableTree(options);
                }
                RemovalVerbs verbs = new RemovalVerbs(tree, console, installs, host);
                int ret = switch (action) {
                    case "remove" -> verbs.remove(mv, targets, options.rpmSafeUpgrade());
                    case "unbuild" -> verbs.unbuild(mv, targets);
                    default -> installs.uninstall(mv, targets);
                };
                return afterTransaction(ret, settings, io, framework, options, targets);
            }
            case "build", "install" -> {
                if (options.all()) {
                    throw DkmsExit.die(5, "The action " + action + " does not support the --all parameter.");
                }
                // DKMS 3.2.2's do_build adds a source directory given as a word, which names the module.
                boolean fromTree = options.module().isEmpty() && options.moduleVersion().isEmpty()
                        && !options.trySourceTree().isEmpty();
                if (!fromTree) {
                    notBroken(tree, moduleArgs(action, options.module(), options.moduleVersion()));
                }
                if (action.equals("install")) {
                    root();
                } else {
                    writableTree(options);
                }
                ModuleVersion mv = fromTree ? new AddVerb(tree, confs, console, host, profile).importSourceTree(options, targets)
                        : moduleArgs(action, options.module(), options.moduleVersion());
                if (action.equals("install")) {
                    return afterTransaction(installs.install(mv, targets), settings, io, framework, options,
                            targets);
                }
                return installs.build(mv, targets);
            }
            case "autoinstall" -> {
                if (options.all()) {
                    throw DkmsExit.die(5, "The action autoinstall does not support the --all parameter.");
                }
                if (targets.kernels().size() != 1) {
                    throw DkmsExit.die(4, "The action autoinstall does not support multiple kernel version "
                            + "parameters on the command line.");
                }
                root();
                AutoinstallVerb.Result result = new AutoinstallVerb(tree, confs, builder, installs, console)
                        .run(new KernelArch(targets.kernel(0), targets.arch(0)), Path.of(NO_AUTOINSTALL));
                return result.anyInstalled() ? afterTransaction(result.code(), settings, io, framework, options,
                        targets) : result.code();
            }
            case "kernel_preinst", "kernel_prerm" -> {
                root();
                KernelRemovalVerbs removal = new KernelRemovalVerbs(tree, confs, installs, console, host);
                KernelArch target = new KernelArch(targets.kernel(0), targets.arch(0));
                return action.equals("kernel_prerm") ? removal.prerm(target) : removal.preinst(target);
            }
            case "kernel_postinst" -> {
                // autoinstall, without the post_transaction command DKMS runs only after the autoinstall verb.
                root();
                return new AutoinstallVerb(tree, confs, builder, installs, console)
                        .run(new KernelArch(targets.kernel(0), targets.arch(0)), Path.of(NO_AUTOINSTALL)).code();
            }
            case "match" -> {
                root();
                if (options.all()) {
                    throw DkmsExit.die(5, "The action match does not support the --all parameter.");
                }
                if (targets.kernels().size() != 1) {
                    throw DkmsExit.die(4, "The action match does not support multiple kernel version parameters "
                            + "on the command line.");
                }
                return new MatchVerb(tree, confs, console, installs).run(parsed.templateKernel(), options, targets);
            }
            case "mktarball" -> {
                ModuleVersion mv = moduleArgs(action, options.module(), options.moduleVersion());
                notBroken(tree, mv);
                if (!tree.isAdded(mv)) {
                    throw DkmsExit.die(3, "The module/version combo: " + mv + " is not located in the DKMS tree.");
                }
                return new TarballVerbs(tree, confs, console, host).make(mv, options, targets);
            }
            case "ldtarball" -> {
                return new TarballLoad(tree, confs, console, host, new AddVerb(tree, confs, console, host, profile))
                        .ldtarball(options, targets);
            }
            case "generate_mok" -> {
                // DKMS reads the signing variables lazily, kernelver set; it exits with prepare_mok's status.
                Map<String, String> signing = framework.read(targets.kernel(0), Signing.VARIABLES);
                Signing.Config config = new Signing.Config(signing.get("sign_file"), signing.get("mok_signing_key"),
                        signing.get("mok_certificate"));
                return Signing.prepareMok(config, io, host.environment(), new ConsoleOutput(console)).isPresent()
                        ? 0 : 1;
            }
            case "status" -> {
                return new StatusVerb(tree, new StatusNotes(tree, confs), console).run(options, targets);
            }
            default -> {
                // DKMS takes an unknown word for a module name, so the action is empty here; it exits 0.
                console.error(List.of("Unknown action specified: \"" + action + "\""));
                console.print(Usage.text(host.argv0()));
                return 0;
            }
        }
    }

    /** DKMS's {@code module_is_broken_and_die}. */
    private static void notBroken(DkmsTree tree, ModuleVersion mv) {
        if (tree.isBroken(mv)) {
            throw DkmsExit.die(4, mv + " is broken!", "Missing the source directory or the symbolic link "
                    + "pointing to it.", "Manual intervention is required!");
        }
    }

    /** DKMS's {@code have_one_kernel}. */
    private static void oneKernel(String action, boolean all, int kernels) {
        if (all) {
            throw DkmsExit.die(5, "The action " + action + " does not support the --all parameter.");
        }
        if (kernels != 1) {
            throw DkmsExit.die(4, "The action " + action + " requires exactly one kernel version parameter on the "
                    + "command line.");
        }
    }

    /** DKMS's {@code check_root}. */
    private void root() {
        if (!host.root()) {
            throw DkmsExit.die(1, "You must be root to use this command.");
        }
    }

    /** DKMS runs framework.conf's {@code post_transaction} after a verb that changed the tree and succeeded. */
    private int afterTransaction(int ret, Map<String, String> settings, BuildIo io, FrameworkConf framework,
            DkmsOptions options, KernelTargets targets) throws IOException {
        if (ret == 0 && !settings.get("post_transaction").isEmpty()) {
            BuildVerbs.postTransaction(io, console, host, framework, options.dkmsTree(), targets.kernel(0));
        }
        return ret;
    }

    private static void sanityChecks(DkmsOptions options) {
        if (options.binariesOnly() && options.sourceOnly()) {
            throw DkmsExit.die(8, "You have specified both --binaries-only and --source-only.",
                    "You cannot do this.");
        }
        if (options.kernels().size() != options.arches().size() && options.arches().size() > 1) {
            throw DkmsExit.die(1, "If more than one arch is specified on the command line, then there",
                    "must be an equal number of kernel versions also specified (1:1 relationship).");
        }
        if (!options.kernels().isEmpty() && options.all()) {
            throw DkmsExit.die(2, "You cannot specify a kernel version and also specify",
                    "--all on the command line.");
        }
        if (!options.arches().isEmpty() && options.all()) {
            throw DkmsExit.die(3, "You cannot specify an arch and also specify", "--all on the command line.");
        }
    }

    /** DKMS's {@code check_rw_dkms_tree}. */
    private static void writableTree(DkmsOptions options) {
        if (!Files.isWritable(Path.of(options.dkmsTree()))) {
            throw DkmsExit.die(1, "No write access to DKMS tree at " + options.dkmsTree());
        }
    }

    /** DKMS's {@code check_module_args}: both names given, else exit 1 with the verb's usage. */
    static ModuleVersion moduleArgs(String action, String module, String version) {
        if (module.isEmpty() || version.isEmpty()) {
            throw DkmsExit.die(1, "Arguments <module> and <module-version> are not specified.",
                    "Usage: " + action + " <module>/<module-version> or",
                    "       " + action + " -m <module>/<module-version> or",
                    "       " + action + " -m <module> -v <module-version>");
        }
        return new ModuleVersion(module, version);
    }
}
