package org.kmodfarm.packaging.deb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kmodfarm.archive.ArWriter;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.PackageWriter;

/**
 * Writes binary Debian packages (deb(5)) in Java: an ar archive of {@code debian-binary}, {@code control.tar.xz}
 * (control, md5sums, maintainer scripts) and {@code data.tar.xz} (the files, every parent directory, and the
 * copyright file and changelog policy asks for); or, from {@link #gzip()}, the same tars gzipped. Reproducible:
 * entries sorted, owned by root:root, dated {@link PackageSpec#time()}, directories and scripts 0755, control
 * files 0644; neither xz nor our gzip carries a time stamp. Stateless and thread-safe.
 */
public final class DebWriter implements PackageWriter {
    private final Compression compression;

    /** The writer dpkg-deb's defaults match: xz members. */
    public DebWriter() {
        this(Compression.XZ);
    }

    private DebWriter(Compression compression) {
        this.compression = compression;
    }

    /**
     * A writer of {@code control.tar.gz} and {@code data.tar.gz}, the members every dpkg and debian-installer's
     * udpkg read; the driver injection disk's check reads the control member by that very name.
     */
    public static DebWriter gzip() {
        return new DebWriter(Compression.GZIP);
    }

    @Override
    public String fileName(PackageSpec spec) {
        return spec.name() + "_" + spec.version() + "_" + DebControl.architecture(spec) + ".deb";
    }

    @Override
    public byte[] write(PackageSpec spec) {
        if (spec.version().contains("_")) {
            // '_' separates the fields of a .deb's file name; Debian's version syntax has no place for it
            throw new IllegalArgumentException("a Debian version cannot hold '_': '" + spec.version() + "'");
        }
        List<PackageFile> files = withDocs(spec);
        byte[] data = compression.compress(dataTar(spec, files));
        byte[] control = compression.compress(controlTar(spec, files));
        return new ArWriter(spec.time())
                .member("debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII))
                .member("control.tar" + compression.suffix(), control)
                .member("data.tar" + compression.suffix(), data)
                .toBytes();
    }

    private static List<PackageFile> withDocs(PackageSpec spec) {
        List<PackageFile> all = new ArrayList<>(spec.files());
        String doc = DebianDocs.directory(spec);
        all.add(PackageFile.file(doc + "/copyright", DebianDocs.copyright(spec).getBytes(StandardCharsets.UTF_8),
                0644));
        all.add(PackageFile.file(doc + "/" + DebianDocs.changelogName(spec),
                gzip(DebianDocs.changelog(spec).getBytes(StandardCharsets.UTF_8)), 0644));
        return all;
    }

    private static byte[] dataTar(PackageSpec spec, List<PackageFile> files) {
        TarWriter tar = new TarWriter(spec.time()).directory(".", 0755);
        for (String dir : directories(files)) {
            tar.directory("." + dir, 0755);
        }
        for (PackageFile f : files) {
            if (f.isLink()) {
                tar.symlink("." + f.path(), f.linkTarget());
            } else {
                tar.file("." + f.path(), f.content(), f.mode());
            }
        }
        return tar.toBytes();
    }

    private static byte[] controlTar(PackageSpec spec, List<PackageFile> files) {
        TarWriter tar = new TarWriter(spec.time()).directory(".", 0755)
                .file("./control", DebControl.render(spec, installedSize(files)), 0644)
                .file("./md5sums", md5sums(files), 0644);
        String conffiles = conffiles(files);
        if (!conffiles.isEmpty()) {
            tar.file("./conffiles", conffiles, 0644);
        }
        for (Map.Entry<MaintainerScript, String> s : spec.scripts().entrySet()) {
            tar.file("./" + s.getKey().debianName(), s.getValue(), 0755);
        }
        return tar.toBytes();
    }

    /**
     * Every regular file under /etc, as dh_installdeb lists them: policy 10.7.2 makes them configuration files,
     * which dpkg keeps when the administrator changed them.
     */
    private static String conffiles(List<PackageFile> files) {
        StringBuilder s = new StringBuilder();
        files.stream().filter(f -> !f.isLink() && f.path().startsWith("/etc/")).map(PackageFile::path).sorted()
                .forEach(p -> s.append(p).append('\n'));
        return s.toString();
    }

    /** Every ancestor directory of every file, root excluded, sorted. */
    private static SortedSet<String> directories(List<PackageFile> files) {
        SortedSet<String> dirs = new TreeSet<>();
        for (PackageFile f : files) {
            for (int i = f.path().indexOf('/', 1); i > 0; i = f.path().indexOf('/', i + 1)) {
                dirs.add(f.path().substring(0, i));
            }
        }
        return dirs;
    }

    /** As dpkg-gencontrol counts: each file's size rounded up to KiB, one KiB per directory and link. */
    static long installedSize(List<PackageFile> files) {
        long kib = directories(files).size();
        for (PackageFile f : files) {
            kib += f.isLink() ? 1 : (f.content().length + 1023L) / 1024;
        }
        return kib;
    }

    private static String md5sums(List<PackageFile> files) {
        Map<String, String> sums = new TreeMap<>();
        for (PackageFile f : files) {
            if (!f.isLink()) {
                sums.put(f.path().substring(1), md5(f.content()));
            }
        }
        StringBuilder s = new StringBuilder();
        sums.forEach((path, sum) -> s.append(sum).append("  ").append(path).append('\n'));
        return s.toString();
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    private static byte[] gzip(byte[] content) {
        return Compression.GZIP.compress(content);
    }
}
