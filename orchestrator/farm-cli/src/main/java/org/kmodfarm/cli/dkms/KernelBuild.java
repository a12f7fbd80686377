package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.LocalBashRunner;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.build.BuildIo;
import org.kmodfarm.dkms.build.BuildOutput;
import org.kmodfarm.dkms.build.BuildRequest;
import org.kmodfarm.dkms.build.DkmsFailure;
import org.kmodfarm.dkms.build.ModuleBuild;
import org.kmodfarm.dkms.build.ModuleSuffix;
import org.kmodfarm.dkms.build.Signing;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.KernelArch;
import org.kmodfarm.dkms.tree.ModuleVersion;
import org.kmodfarm.dkms.tree.StatusEntry;

/**
 * DKMS 3.2.2's {@code do_build} for the {@code dkms} entry point: its checks (added, already built,
 * BUILD_EXCLUSIVE, source, headers, BUILD_DEPENDS), signing and compiler set-up, then the library's
 * {@link ModuleBuild}. Not thread-safe; remembers the kernel it prepared, as DKMS does.
 */
final class KernelBuild {
    private final DkmsTree tree;
    private final ConfAccess confs;
    private final Console console;
    private final Host host;
    private final DkmsProfile profile;
    private final DkmsOptions options;
    private final BuildIo io;
    private final BuildOutput output;
    private final Map<String, String> framework;
    // DKMS's prepared_kernel: the kernel/arch signing was last prepared for, and the result.
    private KernelArch preparedFor;
    private Signing prepared;

    KernelBuild(DkmsTree tree, ConfAccess confs, Console console, Host host, DkmsProfile profile,
            DkmsOptions options, BuildIo io, Map<String, String> framework) {
        this.tree = tree;
        this.confs = confs;
        this.console = console;
        this.host = host;
        this.profile = profile;
        this.options = options;
        this.io = io;
        this.output = new ConsoleOutput(console);
        this.framework = framework;
    }

    BuildOutput output() {
        return output;
    }

    /** The conf DKMS reads for a module version and kernel. */
    DkmsConf conf(ModuleVersion mv, KernelArch target, ReadMode mode) {
        String conf = options.conf().isEmpty() ? confs.roots().versionDir(mv) + "/source/dkms.conf" : options.conf();
        return confs.read(conf, mv.module(), mv.version(), target.kernel(), target.arch(), mode);
    }

    void build(ModuleVersion mv, KernelArch target) throws IOException, DkmsFailure {
        if (!tree.isAdded(mv)) {
            int added = new AddVerb(tree, confs, console, host, profile).add(mv, options, new KernelTargets(
                    List.of(target.kernel()), List.of(target.arch())));
            if (added != 0) {
                throw DkmsFailure.silent(added);
            }
            console.out("");
        }
        Path base = Path.of(confs.roots().builtDir(mv, target));
        if (Files.isDirectory(base)) {
            throw DkmsFailure.die(3, "This module/version has already been built on: " + target.kernel(),
                    "Directory " + base + " already exists. Use the dkms remove function before trying to build again.");
        }
        ModuleSuffix suffix = suffix(target.kernel());
        DkmsConf conf = conf(mv, target, ReadMode.STRICT);
        if (conf.plan().exclusion().excluded()) {
            throw DkmsFailure.dieWarn(77, "The " + base + "/dkms.conf", "for module " + mv
                    + " includes a BUILD_EXCLUSIVE directive", "which does not match this kernel/arch/config.",
                    "This indicates that it should not be built.");
        }
        Path source = Path.of(confs.roots().versionDir(mv), "source");
        try (Stream<Path> entries = Files.list(source)) {
            if (entries.count() < 2) {
                throw DkmsFailure.die(8, "The directory " + source
                        + " does not appear to have module source located within it.", "Build halted.");
            }
        }
        Signing signing = prepareKernelAndSigning(target);
        Map<String, String> env = Toolchain.environment(host.environment(),
                Path.of(confs.kernelConfig(target.kernel())));
        checkBuildDepends(mv, target, conf);
        new ModuleBuild(io, output, Clock.systemDefaultZone()).run(new BuildRequest(mv, target, confs.roots(), conf,
                parallelJobs(), env, ArgParser.RELEASE), signing, suffix);
        // A build forced past missing dependencies records nothing: the next install of them rebuilds it.
        if (conf.buildDependsRebuild() && !options.force()) {
            new DependencyVersions(tree).record(mv, target, conf.buildDepends());
        }
    }

    /** DKMS's {@code set_module_suffix}, or what the profile uses instead. */
    ModuleSuffix suffix(String kernel) {
        return profile.suffix(Path.of(confs.roots().installTree(), kernel),
                Path.of(confs.kernelSourceDir(kernel), ".config"));
    }

    /**
     * DKMS's {@code prepare_kernel_and_signing}: checks the kernel headers and prepares signing, printing the
     * signing prologue and a blank line, once per kernel/arch in a run (autoinstall prepares before its builds).
     *
     * @throws DkmsFailure exit 21 when the headers are missing
     */
    Signing prepareKernelAndSigning(KernelArch target) throws IOException, DkmsFailure {
        if (target.equals(preparedFor)) {
            return prepared;
        }
        String kernel = target.kernel();
        if (!Files.exists(Path.of(confs.kernelSourceDir(kernel), "include"))) {
            String lib = confs.roots().installTree() + "/" + kernel;
            throw DkmsFailure.die(21, "Your kernel headers for kernel " + kernel + " cannot be found at " + lib
                    + "/build or " + lib + "/source.", "Please install the linux-headers-" + kernel
                    + " package or use the --kernelsourcedir option to tell DKMS where it's located.");
        }
        prepared = profile.signs() ? prepareSigning(kernel) : notSigning();
        preparedFor = target;
        console.out("");
        return prepared;
    }

    private Signing prepareSigning(String kernel) throws IOException {
        Map<String, String> signingVars = new FrameworkConf(new LocalBashRunner(), host)
                .read(kernel, Signing.VARIABLES);
        return Signing.prepare(new Signing.Config(signingVars.get("sign_file"),
                signingVars.get("mok_signing_key"), signingVars.get("mok_certificate")), confs.kernelConfig(kernel),
                host.runningDistribution().orElse(""), kernel, confs.roots().installTree(), io, host.environment(),
                output);
    }

    /** One line in place of DKMS's signing prologue, so that a cell's log says why nothing was signed. */
    private Signing notSigning() {
        output.line(DkmsProfile.NOT_SIGNING);
        return new Signing(false, "", "", "", "");
    }

    private void checkBuildDepends(ModuleVersion mv, KernelArch target, DkmsConf conf) throws DkmsFailure {
        StringBuilder missing = new StringBuilder();
        for (String bd : conf.buildDepends()) {
            boolean installed = tree.status(bd, "", target.kernel(), target.arch()).stream()
                    .anyMatch(e -> e instanceof StatusEntry.Built b && b.installed());
            if (!installed) {
                missing.append(' ').append(bd);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String ka = target.kernel() + " (" + target.arch() + ")";
        if (options.force()) {
            console.warn("Trying to build module " + mv + " for kernel " + ka + " despite of missing BUILD_DEPENDS:"
                    + missing + ".");
        } else {
            throw DkmsFailure.die(13, "Aborting build of module " + mv + " for kernel " + ka
                    + " due to missing BUILD_DEPENDS:" + missing + ".", "You may override by specifying --force.");
        }
    }

    /** {@code -j}, else framework.conf's {@code parallel_jobs}, else the number of CPUs; 0 means bare -j. */
    private int parallelJobs() {
        String jobs = options.parallelJobs().isEmpty() ? framework.getOrDefault("parallel_jobs", "")
                : options.parallelJobs();
        if (jobs.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return Math.max(0, Integer.parseInt(jobs.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
