package org.kmodfarm.core.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.InfraException;

/**
 * Turns a SOURCE argument of {@code kmodfarm build} into module sources: a directory holding dkms.conf
 * (used in place), a DKMS tarball ({@code dkms mktarball}) or a Debian {@code *-dkms} package (extracted once
 * under the extraction root, keyed by the archive's sha256). Stateless; concurrent calls, even from separate
 * processes sharing the extraction root, are safe.
 */
public final class ModuleSources {
    private ModuleSources() {
    }

    /**
     * @param argument       the SOURCE argument as given on the command line
     * @param extractionRoot where archives are extracted, one directory per archive content; created if absent
     * @return the sources in the argument, at least one (a .deb may carry several), sorted by directory
     * @throws BadInputException when the argument is missing, of an unknown kind, damaged, unsafe or holds no
     *                           source; the problem names the file and what to do
     * @throws InfraException    when the extraction root cannot be written
     */
    public static List<ModuleSource> load(String argument, Path extractionRoot) {
        Path path = Path.of(argument);
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("dkms.conf"))) {
                throw SourceProblems.noDkmsConf(path);
            }
            // a linked folder (NAME/VERSION/source of the tree, a user's link) is built from what it points at:
            // the link itself must not travel into the sandbox
            try {
                return List.of(source(argument, path.toRealPath()));
            } catch (IOException e) {
                throw SourceProblems.unreadable(path, "folder", e);
            }
        }
        if (!Files.exists(path)) {
            throw SourceProblems.missing(path);
        }
        if (!Files.isRegularFile(path)) {
            throw SourceProblems.unknownType(path);
        }
        SourceArchive archive;
        String key;
        try {
            archive = SourceArchive.detect(path);
            key = ExtractionCache.sha256(path);
        } catch (IOException e) {
            throw SourceProblems.unreadable(path, "file", e);
        }
        List<ModuleSource> sources = new ArrayList<>();
        try {
            Path extracted = ExtractionCache.extract(extractionRoot, key, dir -> archive.extract(path, dir));
            for (Path dir : archive.sources(extracted)) {
                sources.add(source(argument, dir));
            }
            if (sources.isEmpty()) {
                throw new InfraException("the extraction of " + path + " in " + extracted + " holds no source: "
                        + "something changed it after it was made", "delete " + extracted + " and run again");
            }
        } catch (IOException e) {
            throw new InfraException("cannot extract " + path + " under " + extractionRoot + ": " + e.getMessage(),
                    "check that " + extractionRoot + " is writable and its disk has room", e);
        }
        return List.copyOf(sources);
    }

    private static ModuleSource source(String argument, Path directory) {
        try {
            return new ModuleSource(argument, directory, TreeHash.of(directory));
        } catch (IOException e) {
            throw SourceProblems.unreadableTree(directory, e);
        }
    }
}
