package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.kmodfarm.dkms.ModuleSpec;
import org.kmodfarm.dkms.PatchCheck;
import org.kmodfarm.dkms.tree.AtomicFs;

/**
 * DKMS 3.2.2's {@code do_build} from the fresh copy of the source on: patches, PRE_BUILD, make (logged to
 * make.log in DKMS's format), the built-module checks, strip, sign, compress, the atomic move to
 * {@code <kernel>/<arch>/module}, POST_BUILD, and the saved log. The checks before it (already built,
 * BUILD_EXCLUSIVE, kernel headers) are the caller's. Not thread-safe.
 */
public final class ModuleBuild {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss zzz yyyy", Locale.ROOT);

    private final BuildIo io;
    private final BuildOutput out;
    private final Clock clock;
    private final Invoker invoker;

    public ModuleBuild(BuildIo io, BuildOutput out, Clock clock) {
        this.io = Objects.requireNonNull(io, "io");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.invoker = new Invoker(io, out, clock);
    }

    /**
     * Builds; on success {@code request.baseDir()} holds {@code module/} and {@code log/make.log}.
     *
     * @throws DkmsFailure as DKMS dies: 5/6 patches, 10 make, 7 a missing module, or a hook's status
     */
    public void run(BuildRequest request, Signing signing, ModuleSuffix suffix) throws IOException, DkmsFailure {
        Path buildDir = request.buildDir();
        Path log = buildDir.resolve("make.log");
        String kernel = request.target().kernel();
        String ka = kernel + " (" + request.target().arch() + ")";
        AtomicFs.deleteTree(buildDir);
        copyTree(request.sourceDir(), buildDir, request);
        Invoker.append(log, "DKMS (" + request.release() + ") make.log for " + request.mv() + " for kernel " + ka
                + "\n" + DATE.format(clock.instant().atZone(ZoneId.systemDefault())) + "\n");
        for (String patch : request.conf().plan().patches()) {
            Optional<PatchCheck.Failure> bad = PatchCheck.check(patch, buildDir);
            if (bad.isPresent()) {
                throw DkmsFailure.withLines(bad.get().exitCode(), bad.get().messages());
            }
            if (invoker.logged("patch -p1 < ./patches/" + patch, "Applying patch " + patch, log, buildDir,
                    request.environment()) != 0) {
                throw DkmsFailure.die(6, "Application of patch " + patch + " failed.",
                        "Consult " + log + " for more information.");
            }
        }
        hook("pre_build", request.conf().scripts().preBuild(), buildDir, log, request);
        String make = request.conf().plan().buildCommand(request.parallelJobs());
        if (invoker.logged(make, "Building module(s)", log, buildDir, request.environment()) != 0) {
            throw DkmsFailure.die(10, "Bad return status for module build on kernel: " + ka,
                    "Consult " + log + " for more information.");
        }
        for (ModuleSpec m : request.conf().modules()) {
            if (!Files.exists(buildDir.resolve(m.builtPath() + ModuleSuffix.UNCOMPRESSED))) {
                throw DkmsFailure.die(7, "Build of " + m.builtPath() + ModuleSuffix.UNCOMPRESSED
                        + " failed for: " + ka, "Make sure the name and location of the generated module are correct,",
                        "or consult " + log + " for more information.");
            }
        }
        Path kernelDir = request.baseDir().getParent();
        Files.createDirectories(kernelDir);
        Path tmp = Files.createTempDirectory(kernelDir, ".tmp_" + request.target().arch() + "_");
        Files.createDirectories(tmp.resolve("log"));
        Path moduleDir = Files.createDirectories(tmp.resolve("module"));
        if (Files.isRegularFile(buildDir.resolve("Module.symvers"))) {
            Files.copy(buildDir.resolve("Module.symvers"), moduleDir.resolve("Module.symvers"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        new ModuleFinisher(io, out, signing, suffix, request.environment()).finish(request.conf().modules(), buildDir,
                moduleDir);
        for (ModuleSpec m : request.conf().modules()) {
            if (suffix.find(moduleDir, m.destName()).isEmpty()) {
                throw DkmsFailure.die(7, "Missing module '" + m.destName() + "' in " + moduleDir);
            }
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, request.baseDir(), StandardCopyOption.ATOMIC_MOVE);
        hook("post_build", request.conf().scripts().postBuild(), buildDir, log, request);
        Files.move(log, request.baseDir().resolve("log/make.log"), StandardCopyOption.REPLACE_EXISTING);
        AtomicFs.deleteTree(buildDir);
    }

    /** DKMS's {@code run_build_script} with a log: a failing hook ends the run with its status. */
    private void hook(String type, String script, Path buildDir, Path log, BuildRequest request)
            throws IOException, DkmsFailure {
        if (script.isEmpty()) {
            return;
        }
        String run = buildDir + "/" + script;
        int space = run.indexOf(' ');
        if (!Files.isExecutable(Path.of(space < 0 ? run : run.substring(0, space)))) {
            out.line("");
            out.warn("The " + type + " script is not executable.");
            return;
        }
        int exit = invoker.logged("cd " + buildDir + "/ && " + run, "Running the " + type + " script", log,
                buildDir, request.environment());
        if (exit != 0) {
            out.line("Consult " + log + " for more information.");
            throw DkmsFailure.silent(exit);
        }
    }

    /** {@code cp -a source/ build}: through the seam, so that ownership, modes and links stay as cp keeps them. */
    private void copyTree(Path from, Path to, BuildRequest request) throws IOException {
        List<String> argv = List.of("cp", "-a", "--reflink=auto", from + "/", to.toString());
        BuildIo.Result copied = io.exec(argv, from.getParent(), request.environment());
        if (copied.exitCode() != 0) {
            out.err(copied.output());
        }
    }
}
