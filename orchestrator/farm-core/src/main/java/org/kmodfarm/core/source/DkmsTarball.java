package org.kmodfarm.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarExtractor;

/**
 * A tarball made by {@code dkms mktarball}: {@code dkms_source_tree/} (the source with dkms.conf),
 * {@code dkms_main_tree/} (built modules, ignored: kmodfarm builds its own) and, for a binaries-only
 * tarball, a {@code dkms_binaries_only} marker. Only {@code dkms_source_tree/} is extracted, to a directory
 * of that name, so its links may point anywhere inside the source but nowhere else.
 */
record DkmsTarball(Compression compression) implements SourceArchive {
    private static final String SOURCE_TREE = "dkms_source_tree";
    private static final String BINARIES_ONLY = "dkms_binaries_only";

    @Override
    public void extract(Path archive, Path directory) throws IOException {
        Path tree = Files.createDirectory(directory.resolve(SOURCE_TREE));
        List<String> names;
        try (InputStream in = compression.decompress(Files.newInputStream(archive))) {
            names = TarExtractor.extract(in, SOURCE_TREE, tree);
        } catch (IOException e) {
            throw SourceProblems.unreadable(archive, "tarball", e);
        }
        if (names.contains(BINARIES_ONLY)) {
            throw SourceProblems.binariesOnly(archive);
        }
        if (!Files.isRegularFile(tree.resolve("dkms.conf"))) {
            throw SourceProblems.notDkmsTarball(archive);
        }
    }

    @Override
    public List<Path> sources(Path extracted) {
        return List.of(extracted.resolve(SOURCE_TREE));
    }
}
