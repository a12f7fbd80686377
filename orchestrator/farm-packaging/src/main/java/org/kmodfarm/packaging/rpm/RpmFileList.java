package org.kmodfarm.packaging.rpm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.kmodfarm.packaging.PackageFile;

/**
 * The per-file arrays of an RPM header, in the files' (sorted) order: names split into directory and base name,
 * sizes, modes, SHA-256 digests, link targets, owners, times and the inode numbers the payload repeats.
 */
record RpmFileList(List<String> dirNames, List<Integer> dirIndexes, List<String> baseNames, List<Integer> sizes,
                   List<Integer> modes, List<String> digests, List<String> linkTargets, List<Integer> inodes,
                   int time) {

    static RpmFileList of(List<PackageFile> files, int time) {
        Map<String, Integer> dirs = new LinkedHashMap<>();
        List<Integer> dirIndexes = new ArrayList<>();
        List<String> baseNames = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<Integer> modes = new ArrayList<>();
        List<String> digests = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (PackageFile f : files) {
            int slash = f.path().lastIndexOf('/');
            String dir = f.path().substring(0, slash + 1);
            dirIndexes.add(dirs.computeIfAbsent(dir, d -> dirs.size()));
            baseNames.add(f.path().substring(slash + 1));
            sizes.add(Math.toIntExact(RpmWriter.size(f)));
            modes.add(mode(f));
            digests.add(f.isLink() ? "" : RpmWriter.hex("SHA-256", f.content()));
            links.add(f.isLink() ? f.linkTarget() : "");
        }
        return new RpmFileList(List.copyOf(dirs.keySet()), dirIndexes, baseNames, sizes, modes, digests, links,
                IntStream.rangeClosed(1, files.size()).boxed().toList(), time);
    }

    static int mode(PackageFile f) {
        return f.isLink() ? 0120777 : 0100000 | f.mode();
    }

    void addTo(RpmHeader h) {
        int n = baseNames.size();
        h.int32(RpmTags.FILESIZES, sizes)
                .int16(RpmTags.FILEMODES, modes)
                .int16(RpmTags.FILERDEVS, Collections.nCopies(n, 0))
                .int32(RpmTags.FILEMTIMES, Collections.nCopies(n, time))
                .strings(RpmTags.FILEDIGESTS, digests)
                .strings(RpmTags.FILELINKTOS, linkTargets)
                .int32(RpmTags.FILEFLAGS, Collections.nCopies(n, 0))
                .strings(RpmTags.FILEUSERNAME, Collections.nCopies(n, "root"))
                .strings(RpmTags.FILEGROUPNAME, Collections.nCopies(n, "root"))
                .int32(RpmTags.FILEVERIFYFLAGS, Collections.nCopies(n, -1))
                .int32(RpmTags.FILEDEVICES, Collections.nCopies(n, 1))
                .int32(RpmTags.FILEINODES, inodes)
                .strings(RpmTags.FILELANGS, Collections.nCopies(n, ""))
                .int32(RpmTags.DIRINDEXES, dirIndexes)
                .strings(RpmTags.BASENAMES, baseNames)
                .strings(RpmTags.DIRNAMES, dirNames)
                .int32(RpmTags.FILEDIGESTALGO, RpmTags.DIGEST_SHA256);
    }
}
