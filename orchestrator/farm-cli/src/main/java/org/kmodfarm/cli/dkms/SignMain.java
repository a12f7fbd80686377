package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.kmodfarm.dkms.build.BuiltModuleSigner;
import org.kmodfarm.dkms.build.LocalBuildIo;
import org.kmodfarm.dkms.build.Signing;

/**
 * The entry point of the farm's signing step, run in a container of its own after a cell BUILT: signs the
 * cell's modules with the kernel's sign-file and CONFIG_MODULE_SIG_HASH (DKMS's choice of both, from the
 * builder image's headers), before the compression the cell applied ({@link BuiltModuleSigner}), and leaves
 * them with their modinfo in {@code --out}. The key and certificate are read-only files mounted into this
 * container only. Run as {@code java -cp kmodfarm-cell.jar org.kmodfarm.cli.dkms.SignMain KERNEL IN OUT KEY
 * CERT}.
 *
 * <p>Exit status: 0 every module signed; 1 a module could not be signed, or nothing to sign; 2 a bad command
 * line; 3 this kernel does not sign modules (no CONFIG_MODULE_SIG_HASH, no sign-file).
 */
public final class SignMain {
    private SignMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Host.detect("kmodfarm-sign"), Path.of("/lib/modules"), Path.of("/tmp/kmodfarm/sign"),
                new CellCollector(List.of("/sbin/modinfo"), LogCap.CELL), System.out, System.err));
    }

    /** One signing step; the seams are for tests. @return the process's exit status */
    static int run(String[] args, Host host, Path installTree, Path work, CellCollector collector, PrintStream out,
            PrintStream err) {
        if (args.length != 5) {
            err.println("kmodfarm sign: usage: SignMain KERNEL IN OUT KEY CERT");
            return 2;
        }
        String kernel = args[0];
        Path in = Path.of(args[1]);
        Path outDir = Path.of(args[2]);
        Console console = new Console(out, err);
        try {
            for (String file : List.of(args[3], args[4])) {
                if (!Files.isReadable(Path.of(file))) {
                    // DKMS would generate a key pair here; the farm signs only with the one it was given.
                    err.println("kmodfarm sign: " + file + " is not readable in the signing container");
                    return 1;
                }
            }
            ConsoleOutput output = new ConsoleOutput(console);
            LocalBuildIo io = new LocalBuildIo();
            Signing signing = Signing.prepare(new Signing.Config("", args[3], args[4]),
                    installTree.resolve(kernel).resolve("build/.config").toString(),
                    host.runningDistribution().orElse(""), kernel, installTree.toString(), io, host.environment(),
                    output);
            if (!signing.enabled()) {
                return 3;
            }
            Path signed = Files.createDirectories(work);
            List<Path> modules;
            try (Stream<Path> files = Files.list(in)) {
                modules = files.filter(Files::isRegularFile).sorted().toList();
            }
            BuiltModuleSigner signer = new BuiltModuleSigner(io, output, host.environment());
            int done = 0;
            for (Path m : modules) {
                Path copy = Files.copy(m, signed.resolve(m.getFileName()));
                if (copy.getFileName().toString().contains(".ko")) {
                    if (!signer.sign(copy, signing)) {
                        return 1;
                    }
                    done++;
                }
            }
            Files.createDirectories(outDir);
            collector.copyModules(signed, outDir);
            out.println("kmodfarm sign: " + done + " module(s) signed with " + signing.hash());
            return done == 0 ? 1 : 0;
        } catch (IOException e) {
            err.println("kmodfarm sign: could not sign the modules for " + kernel + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("kmodfarm sign: interrupted");
            return 1;
        }
    }
}
