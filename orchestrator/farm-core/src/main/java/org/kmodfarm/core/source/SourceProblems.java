package org.kmodfarm.core.source;

import java.io.IOException;
import java.nio.file.Path;
import org.kmodfarm.archive.UnsafeEntryException;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;

/** Every way a SOURCE argument can be wrong, worded once: what is wrong with which file, and what to do. */
final class SourceProblems {
    static final String KINDS = "give a directory holding dkms.conf, a DKMS tarball made by 'dkms mktarball' "
            + "(.tar, .tar.gz, .tgz, .tar.xz) or a Debian *-dkms package (.deb)";

    private SourceProblems() {
    }

    static BadInputException missing(Path path) {
        return bad(path, "no such file or directory", KINDS);
    }

    static BadInputException noDkmsConf(Path dir) {
        return bad(dir, "the directory has no dkms.conf", "give the module's source directory, the one holding "
                + "dkms.conf");
    }

    static BadInputException unknownType(Path file) {
        return bad(file, "neither a directory nor, by its name, a DKMS tarball or .deb", KINDS);
    }

    static BadInputException notWhatItsNameSays(Path file, String expected) {
        return bad(file, "named like " + expected + " but its first bytes are not those of one",
                "the file is damaged or misnamed; make or download it again");
    }

    static BadInputException zstd(Path file, String member) {
        String why = "zstd-compressed, which kmodfarm cannot read (it would need the native zstd-jni library)";
        if (member == null) {
            String name = file.getFileName().toString();
            String xz = name.replaceFirst("(?i)\\.(tar\\.zst|tzst)$", "") + ".tar.xz";
            return bad(file, why, "recompress it: zstd -dc " + name + " | xz > " + xz);
        }
        return bad(file, "its member " + member + " is " + why, "repack it with xz: dpkg-deb -R " + file.getFileName()
                + " DIR && dpkg-deb -Zxz --build DIR");
    }

    /** An archive that could not be read: hostile (unsafe entry) or damaged (anything else). */
    static BadInputException unreadable(Path file, String kind, IOException e) {
        if (e instanceof UnsafeEntryException u) {
            return bad(file, "refusing to extract this " + kind + ": " + u.getMessage(),
                    "rebuild the archive from a clean source tree, without absolute names, '..', devices or "
                            + "links leaving the tree");
        }
        return bad(file, "cannot read this " + kind + ": " + e.getMessage(),
                "the file is damaged or not what its name says; make or download it again");
    }

    static BadInputException binariesOnly(Path file) {
        return bad(file, "a binaries-only DKMS tarball: it holds built modules but no source to build",
                "make the tarball without --binaries-only, or give the module's source directory");
    }

    static BadInputException notDkmsTarball(Path file) {
        return bad(file, "not a DKMS tarball: it has no dkms_source_tree/dkms.conf", "make it with 'dkms mktarball', "
                + "or unpack it and give the directory holding dkms.conf");
    }

    static BadInputException debWithoutSource(Path file) {
        return bad(file, "the package has no usr/src/NAME-VERSION/dkms.conf, so it is not a DKMS source package",
                "give the module's *-dkms package, not a binary one");
    }

    static BadInputException unreadableTree(Path dir, IOException e) {
        return bad(dir, "cannot read the source tree: " + e.getMessage(), "make the whole tree readable, with "
                + "only files, directories and symbolic links in it");
    }

    private static BadInputException bad(Path where, String what, String fix) {
        return new BadInputException(new Problem(SourceLocation.wholeFile(where), what, fix));
    }
}
