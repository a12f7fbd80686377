package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * DKMS 3.2.2's {@code set_module_suffix}: modules are compressed like the kernel's own, as found under
 * {@code <install_tree>/<kernel>/} (zstd before xz before gzip when several kinds are there). A build farm has
 * only the kernel's headers, no installed modules to look at, so it asks the kernel's config instead
 * ({@link #fromKernelConfig}).
 *
 * @param compressed {@code module_compressed_suffix}: empty, {@code .gz}, {@code .xz} or {@code .zst}
 */
public record ModuleSuffix(String compressed) {
    public static final String UNCOMPRESSED = ".ko";
    private static final List<String> BY_PRECEDENCE = List.of(".zst", ".xz", ".gz");
    // The Kconfig choice behind each suffix, in the same precedence (the choice allows only one anyway).
    private static final Map<String, String> CONFIG_LINES = Map.of(
            ".zst", "CONFIG_MODULE_COMPRESS_ZSTD=y",
            ".xz", "CONFIG_MODULE_COMPRESS_XZ=y",
            ".gz", "CONFIG_MODULE_COMPRESS_GZIP=y");

    public ModuleSuffix {
        if (!compressed.isEmpty() && !BY_PRECEDENCE.contains(compressed)) {
            throw new IllegalArgumentException("unknown module compression '" + compressed + "'; valid: "
                    + BY_PRECEDENCE + " or empty");
        }
    }

    /** Looks at every file under {@code kernelDir}; a missing directory means no compression. */
    public static ModuleSuffix detect(Path kernelDir) {
        if (!Files.isDirectory(kernelDir)) {
            return new ModuleSuffix("");
        }
        boolean[] seen = new boolean[BY_PRECEDENCE.size()];
        try (Stream<Path> files = Files.walk(kernelDir)) {
            files.map(p -> p.getFileName().toString()).forEach(name -> {
                for (int i = 0; i < seen.length; i++) {
                    seen[i] |= name.endsWith(UNCOMPRESSED + BY_PRECEDENCE.get(i));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // find's errors go to /dev/null in DKMS: what was seen so far decides.
        }
        for (int i = 0; i < seen.length; i++) {
            if (seen[i]) {
                return new ModuleSuffix(BY_PRECEDENCE.get(i));
            }
        }
        return new ModuleSuffix("");
    }

    /**
     * The compression the kernel's own build gives its modules, read from its {@code .config}:
     * {@code CONFIG_MODULE_COMPRESS_ZSTD=y} gives {@code .zst}, {@code _XZ=y} {@code .xz}, {@code _GZIP=y}
     * {@code .gz}; anything else, or a config that is missing or unreadable, none (as {@link #detect} gives
     * for a kernel without modules).
     */
    public static ModuleSuffix fromKernelConfig(Path config) {
        List<String> lines;
        try {
            // Kernel configs are ASCII, but a stray byte must not make the whole file unreadable.
            lines = Files.readAllLines(config, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return new ModuleSuffix("");
        }
        for (String suffix : BY_PRECEDENCE) {
            if (lines.stream().anyMatch(line -> line.strip().equals(CONFIG_LINES.get(suffix)))) {
                return new ModuleSuffix(suffix);
            }
        }
        return new ModuleSuffix("");
    }

    /** {@code module_suffix}: {@code .ko} plus the compression. */
    public String full() {
        return UNCOMPRESSED + compressed;
    }

    /** DKMS's {@code compressed_or_uncompressed}: {@code dir/name.ko}, else {@code dir/name.ko<c>}, if present. */
    public Optional<Path> find(Path dir, String name) {
        Path plain = dir.resolve(name + UNCOMPRESSED);
        if (Files.exists(plain)) {
            return Optional.of(plain);
        }
        Path packed = dir.resolve(name + full());
        return Files.exists(packed) ? Optional.of(packed) : Optional.empty();
    }

    /** DKMS's {@code find_module}: regular files named {@code name.ko} or {@code name<suffix>} under {@code tree}. */
    public List<Path> findAll(Path tree, String name) {
        if (!Files.isDirectory(tree)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(tree)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(name + UNCOMPRESSED) || n.equals(name + full());
            }).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    /** The suffix of a module file name ({@code x.ko.xz} → {@code .xz}, {@code x.ko} → none). */
    public static ModuleSuffix of(String fileName) {
        return new ModuleSuffix(BY_PRECEDENCE.stream().filter(s -> fileName.endsWith(UNCOMPRESSED + s)).findFirst()
                .orElse(""));
    }

    /** The command that undoes {@link #compressor()} in place, keeping nothing of the compressed file. */
    Optional<List<String>> decompressor() {
        return switch (compressed) {
            case ".gz" -> Optional.of(List.of("gzip", "-d", "-f"));
            case ".xz" -> Optional.of(List.of("xz", "-d", "-f"));
            case ".zst" -> Optional.of(List.of("zstd", "-d", "-q", "--rm", "-f"));
            default -> Optional.empty();
        };
    }

    /** The compressor command DKMS runs for this suffix with its default options. */
    Optional<List<String>> compressor() {
        return switch (compressed) {
            case ".gz" -> Optional.of(List.of("gzip", "-f"));
            case ".xz" -> Optional.of(List.of("xz", "--check=crc32", "--lzma2=dict=1MiB", "-f"));
            case ".zst" -> Optional.of(List.of("zstd", "-q", "--rm", "-T0", "-f"));
            default -> Optional.empty();
        };
    }
}
