package org.kmodfarm.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.kmodfarm.archive.ArReader;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarExtractor;

/**
 * A Debian {@code *-dkms} package: an ar archive whose {@code data.tar[.gz|.xz|.zst]} holds each module's
 * source in {@code usr/src/NAME-VERSION/} with its dkms.conf (one package may carry several). Only
 * {@code usr/src/} is extracted, to a directory of that path; the rest (docs, maintainer scripts, often
 * with absolute links) is not needed and not checked for links.
 */
record DebianPackage() implements SourceArchive {
    private static final String DATA = "data.tar";
    private static final String SOURCES = "usr/src";

    @Override
    public void extract(Path archive, Path directory) throws IOException {
        Path tree = Files.createDirectories(directory.resolve(SOURCES));
        Optional<String> member;
        try (InputStream in = Files.newInputStream(archive)) {
            member = ArReader.read(in, name -> name.startsWith(DATA), (name, content) -> {
                Compression c = compressionOf(archive, name);
                try (InputStream tar = c.decompress(content)) {
                    TarExtractor.extract(tar, SOURCES, tree);
                }
                return name;
            });
        } catch (IOException e) {
            throw SourceProblems.unreadable(archive, "Debian package", e);
        }
        if (member.isEmpty()) {
            throw SourceProblems.unreadable(archive, "Debian package", new IOException("it has no data.tar member"));
        }
        if (sources(directory).isEmpty()) {
            throw SourceProblems.debWithoutSource(archive);
        }
    }

    /** The member's suffix must name a compression kmodfarm reads; data.tar.bz2 would otherwise parse as tar. */
    private static Compression compressionOf(Path archive, String member) throws IOException {
        Compression c = Compression.ofFileName(member);
        if (!member.equals(DATA + c.suffix())) {
            throw new IOException("its member " + member + " uses a compression kmodfarm does not read");
        }
        if (!c.supported()) {
            throw SourceProblems.zstd(archive, member);
        }
        return c;
    }

    @Override
    public List<Path> sources(Path extracted) throws IOException {
        Path tree = extracted.resolve(SOURCES);
        if (!Files.isDirectory(tree)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(tree)) {
            return dirs.filter(d -> Files.isDirectory(d) && Files.isRegularFile(d.resolve("dkms.conf")))
                    .sorted().toList();
        }
    }
}
