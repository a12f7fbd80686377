package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs a module DKMS has already finished (stripped, possibly compressed), as DKMS would have signed it before
 * compressing: decompress, {@code sign-file}, compress again with DKMS's options. Decompressing gives back the
 * exact bytes that were compressed, so the result is what a build that signed would have made. The farm's
 * signing step runs it, the only place that sees the key. Not thread-safe.
 */
public final class BuiltModuleSigner {
    private final BuildIo io;
    private final BuildOutput out;
    private final Map<String, String> env;

    public BuiltModuleSigner(BuildIo io, BuildOutput out, Map<String, String> env) {
        this.io = Objects.requireNonNull(io, "io");
        this.out = Objects.requireNonNull(out, "out");
        this.env = Map.copyOf(env);
    }

    /**
     * Signs {@code file} in place ({@code NAME.ko} or {@code NAME.ko.xz|.zst|.gz}).
     *
     * @return whether every step succeeded; the tools' messages went to the output
     */
    public boolean sign(Path file, Signing signing) throws IOException {
        if (!signing.enabled()) {
            throw new IllegalArgumentException("signing is not enabled");
        }
        ModuleSuffix suffix = ModuleSuffix.of(file.getFileName().toString());
        Path dir = file.getParent();
        String name = file.getFileName().toString();
        Path plain = dir.resolve(name.substring(0, name.length() - suffix.compressed().length()));
        if (!run(suffix.decompressor(), file)) {
            return false;
        }
        out.line("Signing module " + plain);
        BuildIo.Result signed = io.exec(List.of(signing.signFile(), signing.hash(), signing.key(), signing.cert(),
                plain.toString()), dir, env);
        if (signed.exitCode() != 0) {
            out.warn("Failed to sign module '" + plain + "'!", signed.output().replaceFirst("\n+$", ""));
            return false;
        }
        return run(suffix.compressor(), plain) && Files.isRegularFile(file);
    }

    private boolean run(Optional<List<String>> command, Path file) throws IOException {
        if (command.isEmpty()) {
            return true;
        }
        List<String> argv = new ArrayList<>(command.get());
        argv.add(file.toString());
        BuildIo.Result result = io.exec(argv, file.getParent(), env);
        if (!result.output().isEmpty()) {
            out.err(result.output());
        }
        return result.exitCode() == 0;
    }
}
