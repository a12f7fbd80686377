package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kmodfarm.dkms.ModuleSpec;

/**
 * The per-module part of DKMS 3.2.2's {@code do_build} after make: strip, sign, compress in the build
 * directory, then copy into the staging {@code module/} directory under the destination name.
 */
final class ModuleFinisher {
    private final BuildIo io;
    private final BuildOutput out;
    private final Signing signing;
    private final ModuleSuffix suffix;
    private final Map<String, String> env;

    ModuleFinisher(BuildIo io, BuildOutput out, Signing signing, ModuleSuffix suffix, Map<String, String> env) {
        this.io = io;
        this.out = out;
        this.signing = signing;
        this.suffix = suffix;
        this.env = env;
    }

    void finish(List<ModuleSpec> modules, Path buildDir, Path moduleDir) throws IOException {
        for (ModuleSpec m : modules) {
            Path built = buildDir.resolve(m.builtPath() + ModuleSuffix.UNCOMPRESSED);
            if (!Files.isRegularFile(built)) {
                out.warn(built + " has disappeared");
                continue;
            }
            if (m.strip()) {
                // DKMS strips with llvm-strip when the kernel's compiler (exported as CC) is clang.
                String strip = "clang".equals(env.get("CC")) ? "llvm-strip" : "strip";
                relay(io.exec(List.of(strip, "-g", built.toString()), buildDir, env));
            }
            if (signing.enabled()) {
                out.line("Signing module " + built);
                BuildIo.Result signed = io.exec(List.of(signing.signFile(), signing.hash(), signing.key(),
                        signing.cert(), built.toString()), buildDir, env);
                if (signed.exitCode() != 0) {
                    out.warn("Failed to sign module '" + built + "'!", signed.output().replaceFirst("\n+$", ""));
                }
            }
            Path source = built;
            Optional<List<String>> compressor = suffix.compressor();
            if (compressor.isPresent()) {
                List<String> argv = new ArrayList<>(compressor.get());
                argv.add(built.toString());
                BuildIo.Result packed = io.exec(argv, buildDir, env);
                relay(packed);
                Path compressed = buildDir.resolve(m.builtPath() + suffix.full());
                if (packed.exitCode() == 0 && Files.exists(compressed)) {
                    source = compressed;
                }
            }
            String name = m.destName() + (source == built ? ModuleSuffix.UNCOMPRESSED : suffix.full());
            Files.copy(source, moduleDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Tools' own messages reach DKMS's stderr unchanged. */
    private void relay(BuildIo.Result result) {
        if (!result.output().isEmpty()) {
            out.err(result.output());
        }
    }
}
