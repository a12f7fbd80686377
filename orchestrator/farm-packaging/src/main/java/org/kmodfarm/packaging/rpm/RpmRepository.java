package org.kmodfarm.packaging.rpm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.Relation;

/**
 * The repository metadata dnf and yum read ({@code repodata/}): {@code primary.xml.gz} (each package's name,
 * EVR, SHA-256, sizes, header byte range, provides and requires), {@code filelists.xml.gz}, {@code other.xml.gz}
 * and {@code repomd.xml}, which names them with the SHA-256 and size of each, compressed and not. Written as
 * createrepo_c writes them, for packages of {@link RpmWriter}; the same packages give the same bytes (the
 * revision and time stamps are the packages' time). Stateless.
 */
public final class RpmRepository {
    /** One package of the repository: its file name in the repository folder, its bytes, and its spec. */
    public record Entry(String fileName, byte[] rpm, PackageSpec spec) {
    }

    private RpmRepository() {
    }

    /** The files of {@code repodata/}, by name: repomd.xml and the three gzipped documents it names. */
    public static Map<String, byte[]> metadata(List<Entry> packages, long time) {
        List<Entry> sorted = new ArrayList<>(packages);
        sorted.sort(Comparator.comparing(Entry::fileName));
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder repomd = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<repomd xmlns=\""
                + "http://linux.duke.edu/metadata/repo\" xmlns:rpm=\"http://linux.duke.edu/metadata/rpm\">\n"
                + "  <revision>" + time + "</revision>\n");
        for (String type : List.of("primary", "filelists", "other")) {
            byte[] xml = document(type, sorted).getBytes(StandardCharsets.UTF_8);
            byte[] gz = gzip(xml);
            String name = type + ".xml.gz";
            files.put(name, gz);
            repomd.append("  <data type=\"").append(type).append("\">\n")
                    .append("    <checksum type=\"sha256\">").append(RpmWriter.hex("SHA-256", gz)).append("</checksum>\n")
                    .append("    <open-checksum type=\"sha256\">").append(RpmWriter.hex("SHA-256", xml))
                    .append("</open-checksum>\n")
                    .append("    <location href=\"repodata/").append(name).append("\"/>\n")
                    .append("    <timestamp>").append(time).append("</timestamp>\n")
                    .append("    <size>").append(gz.length).append("</size>\n")
                    .append("    <open-size>").append(xml.length).append("</open-size>\n")
                    .append("  </data>\n");
        }
        repomd.append("</repomd>\n");
        Map<String, byte[]> all = new LinkedHashMap<>();
        all.put("repomd.xml", repomd.toString().getBytes(StandardCharsets.UTF_8));
        all.putAll(files);
        return all;
    }

    private static String document(String type, List<Entry> packages) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        switch (type) {
            case "primary" -> x.append("<metadata xmlns=\"http://linux.duke.edu/metadata/common\" xmlns:rpm=\""
                    + "http://linux.duke.edu/metadata/rpm\" packages=\"").append(packages.size()).append("\">\n");
            case "filelists" -> x.append("<filelists xmlns=\"http://linux.duke.edu/metadata/filelists\" packages=\"")
                    .append(packages.size()).append("\">\n");
            default -> x.append("<otherdata xmlns=\"http://linux.duke.edu/metadata/other\" packages=\"")
                    .append(packages.size()).append("\">\n");
        }
        for (Entry e : packages) {
            switch (type) {
                case "primary" -> primary(x, e);
                case "filelists" -> {
                    x.append("<package pkgid=\"").append(pkgid(e)).append("\" name=\"").append(esc(e.spec().name()))
                            .append("\" arch=\"").append(RpmWriter.arch(e.spec())).append("\">\n  ")
                            .append(version(e.spec())).append('\n');
                    for (PackageFile f : files(e.spec())) {
                        x.append("  <file>").append(esc(f.path())).append("</file>\n");
                    }
                    x.append("</package>\n");
                }
                default -> x.append("<package pkgid=\"").append(pkgid(e)).append("\" name=\"")
                        .append(esc(e.spec().name())).append("\" arch=\"").append(RpmWriter.arch(e.spec()))
                        .append("\">\n  ").append(version(e.spec())).append("\n</package>\n");
            }
        }
        x.append(switch (type) {
            case "primary" -> "</metadata>\n";
            case "filelists" -> "</filelists>\n";
            default -> "</otherdata>\n";
        });
        return x.toString();
    }

    private static void primary(StringBuilder x, Entry e) {
        PackageSpec s = e.spec();
        long time = s.time().getEpochSecond();
        long[] range = headerRange(e.rpm());
        x.append("<package type=\"rpm\">\n")
                .append("  <name>").append(esc(s.name())).append("</name>\n")
                .append("  <arch>").append(RpmWriter.arch(s)).append("</arch>\n")
                .append("  ").append(version(s)).append('\n')
                .append("  <checksum type=\"sha256\" pkgid=\"YES\">").append(pkgid(e)).append("</checksum>\n")
                .append("  <summary>").append(esc(s.summary())).append("</summary>\n")
                .append("  <description>").append(esc(s.description().isBlank() ? s.summary()
                        : s.description().strip())).append("</description>\n")
                .append("  <packager>").append(esc(s.maintainer())).append("</packager>\n")
                .append("  <url></url>\n")
                .append("  <time file=\"").append(time).append("\" build=\"").append(time).append("\"/>\n")
                .append("  <size package=\"").append(e.rpm().length).append("\" installed=\"")
                .append(files(s).stream().mapToLong(RpmWriter::size).sum()).append("\" archive=\"")
                .append(range[2]).append("\"/>\n")
                .append("  <location href=\"").append(esc(e.fileName())).append("\"/>\n")
                .append("  <format>\n")
                .append("    <rpm:license>").append(esc(s.license().isBlank() ? "unknown" : s.license()))
                .append("</rpm:license>\n")
                .append("    <rpm:vendor></rpm:vendor>\n")
                .append("    <rpm:group>").append(esc(RpmWriter.group(s))).append("</rpm:group>\n")
                .append("    <rpm:buildhost>").append(RpmWriter.BUILD_HOST).append("</rpm:buildhost>\n")
                .append("    <rpm:sourcerpm>").append(esc(RpmWriter.sourceRpm(s))).append("</rpm:sourcerpm>\n")
                .append("    <rpm:header-range start=\"").append(range[0]).append("\" end=\"").append(range[1])
                .append("\"/>\n");
        List<Relation> provides = new ArrayList<>();
        provides.add(Relation.exactly(s.name(), s.version() + "-" + RpmWriter.RELEASE));
        provides.addAll(s.provides());
        entries(x, "provides", provides);
        entries(x, "requires", s.depends());
        entries(x, "conflicts", s.supersedes());
        x.append("  </format>\n</package>\n");
    }

    private static void entries(StringBuilder x, String kind, List<Relation> relations) {
        if (relations.isEmpty()) {
            return;
        }
        x.append("    <rpm:").append(kind).append(">\n");
        for (Relation r : relations) {
            x.append("      <rpm:entry name=\"").append(esc(r.name())).append('"');
            if (!r.version().isEmpty()) {
                // rpm splits an EVR at its last '-' into version and release
                int dash = r.version().lastIndexOf('-');
                x.append(" flags=\"EQ\" epoch=\"0\" ver=\"")
                        .append(esc(dash < 0 ? r.version() : r.version().substring(0, dash))).append('"');
                if (dash >= 0) {
                    x.append(" rel=\"").append(esc(r.version().substring(dash + 1))).append('"');
                }
            }
            x.append("/>\n");
        }
        x.append("    </rpm:").append(kind).append(">\n");
    }

    private static String version(PackageSpec s) {
        return "<version epoch=\"0\" ver=\"" + esc(s.version()) + "\" rel=\"" + RpmWriter.RELEASE + "\"/>";
    }

    private static List<PackageFile> files(PackageSpec s) {
        return s.files().stream().sorted(Comparator.comparing(PackageFile::path)).toList();
    }

    private static String pkgid(Entry e) {
        return RpmWriter.hex("SHA-256", e.rpm());
    }

    /**
     * Where the main header starts and ends in the file (after the 96-byte lead and the signature header,
     * padded to 8 bytes), and the payload's uncompressed size, which the signature header carries.
     */
    static long[] headerRange(byte[] rpm) {
        ByteBuffer b = ByteBuffer.wrap(rpm);
        int signature = 96;
        int sigCount = b.getInt(signature + 8);
        int sigData = b.getInt(signature + 12);
        int sigIndex = signature + 16;
        long archive = -1;
        for (int i = 0; i < sigCount; i++) {
            int at = sigIndex + 16 * i;
            if (b.getInt(at) == RpmTags.SIG_PAYLOADSIZE) {
                archive = Integer.toUnsignedLong(b.getInt(sigIndex + 16 * sigCount + b.getInt(at + 8)));
            }
        }
        int sigEnd = sigIndex + 16 * sigCount + sigData;
        int start = sigEnd + (8 - sigEnd % 8) % 8;
        int end = start + 16 + 16 * b.getInt(start + 8) + b.getInt(start + 12);
        return new long[] {start, end, archive};
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = Compression.GZIP.compress(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress in memory", e);
        }
        return bytes.toByteArray();
    }
}
