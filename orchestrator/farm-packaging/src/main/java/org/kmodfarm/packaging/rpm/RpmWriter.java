package org.kmodfarm.packaging.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.CpioWriter;
import org.kmodfarm.model.Arch;
import org.kmodfarm.packaging.MaintainerScript;
import org.kmodfarm.packaging.PackageFile;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.PackageWriter;
import org.kmodfarm.packaging.Relation;

/**
 * Writes binary RPM packages (format 3, as rpm 4.x reads them) in Java: the lead, the signature header (sizes,
 * MD5 of header and payload, SHA-1 and SHA-256 of the header), the main header and an xz-compressed newc cpio
 * payload whose SHA-256 the header carries. Unsigned ({@code rpm -K} checks the digests), or signed as
 * {@code rpmsign --addsign} of rpm 4.16+ signs: a header-only OpenPGP signature from an {@link RpmSigner} in
 * RPMSIGTAG_RSA (268) or RPMSIGTAG_DSA (267), no header+payload one (rpmsign's {@code --rpmv3}; the payload digest in
 * the signed header covers the payload). Reproducible: files sorted, owned by root, dated {@link PackageSpec#time()},
 * which is also the build time and the signature time (unless the key is younger); the build host is fixed. Files
 * only, no directory entries: rpm creates missing parents, and a kernel module package must not own
 * {@code /lib/modules/KERNEL}. Immutable, and thread-safe as its signer is.
 */
public final class RpmWriter implements PackageWriter {
    /** One build of one version is packaged; a newer build that must upgrade comes as a new module version. */
    static final String RELEASE = "1";
    static final String BUILD_HOST = "kmodfarm";
    private static final String INTERPRETER = "/bin/sh";
    private static final Map<MaintainerScript, int[]> SCRIPT_TAGS = Map.of(
            MaintainerScript.PREINST, new int[] {RpmTags.PREIN, RpmTags.PREINPROG},
            MaintainerScript.POSTINST, new int[] {RpmTags.POSTIN, RpmTags.POSTINPROG},
            MaintainerScript.PRERM, new int[] {RpmTags.PREUN, RpmTags.PREUNPROG},
            MaintainerScript.POSTRM, new int[] {RpmTags.POSTUN, RpmTags.POSTUNPROG});
    /** What rpm must support to read the package, as rpmbuild declares it. */
    private static final List<Relation> RPMLIB = List.of(
            Relation.exactly("rpmlib(CompressedFileNames)", "3.0.4-1"),
            Relation.exactly("rpmlib(FileDigests)", "4.6.0-1"),
            Relation.exactly("rpmlib(PayloadFilesHavePrefix)", "4.0-1"),
            Relation.exactly("rpmlib(PayloadIsXz)", "5.2-1"));

    private final Optional<RpmSigner> signer;

    /** Unsigned packages. */
    public RpmWriter() {
        this.signer = Optional.empty();
    }

    /** Packages whose header {@code signer} signs. */
    public RpmWriter(RpmSigner signer) {
        this.signer = Optional.of(signer);
    }

    /**
     * {@inheritDoc}
     *
     * @throws org.kmodfarm.model.InfraException    when signing fails
     * @throws org.kmodfarm.model.BadInputException when the signing key is unknown
     */

    @Override
    public String fileName(PackageSpec spec) {
        return spec.name() + "-" + spec.version() + "-" + RELEASE + "." + arch(spec) + ".rpm";
    }

    @Override
    public byte[] write(PackageSpec spec) {
        if (spec.version().contains("-")) {
            throw new IllegalArgumentException("an RPM version cannot hold '-': '" + spec.version() + "'");
        }
        List<PackageFile> files = new ArrayList<>(spec.files());
        files.sort(Comparator.comparing(PackageFile::path));
        byte[] cpio = cpio(spec, files);
        byte[] payload = Compression.XZ.compress(cpio);
        byte[] header = header(spec, files, payload).toBytes(RpmTags.HEADERIMMUTABLE);
        RpmHeader signatures = new RpmHeader()
                .string(RpmTags.SIG_SHA1, hex("SHA-1", header))
                .string(RpmTags.SIG_SHA256, hex("SHA-256", header))
                .int32(RpmTags.SIG_SIZE, header.length + payload.length)
                .bin(RpmTags.SIG_MD5, digest("MD5", header, payload))
                .int32(RpmTags.SIG_PAYLOADSIZE, cpio.length);
        if (signer.isPresent()) {
            byte[] openPgp = signer.get().sign(header, spec.time());
            signatures.bin(OpenPgpSignature.parse(openPgp).tag(), openPgp);
        }
        byte[] signature = signatures.toBytes(RpmTags.HEADERSIGNATURES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RpmLead.of(spec.name() + "-" + spec.version() + "-" + RELEASE, arch(spec)));
        out.writeBytes(signature);
        // the main header starts on an 8-byte boundary
        out.writeBytes(new byte[(8 - signature.length % 8) % 8]);
        out.writeBytes(header);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The architecture rpm names the package by: the kernel's name for it ({@code x86_64}), or noarch. */
    public static String arch(PackageSpec spec) {
        return spec.arch().map(Arch::kernel).orElse("noarch");
    }

    private static RpmHeader header(PackageSpec spec, List<PackageFile> files, byte[] payload) {
        int time = Math.toIntExact(spec.time().getEpochSecond());
        RpmHeader h = new RpmHeader()
                .strings(RpmTags.HEADERI18NTABLE, List.of("C"))
                .string(RpmTags.NAME, spec.name())
                .string(RpmTags.VERSION, spec.version())
                .string(RpmTags.RELEASE, RELEASE)
                .i18n(RpmTags.SUMMARY, spec.summary())
                .i18n(RpmTags.DESCRIPTION, spec.description().isBlank() ? spec.summary() : spec.description().strip())
                .int32(RpmTags.BUILDTIME, time)
                .string(RpmTags.BUILDHOST, BUILD_HOST)
                .int32(RpmTags.SIZE, Math.toIntExact(files.stream().mapToLong(f -> size(f)).sum()))
                .string(RpmTags.LICENSE, spec.license().isBlank() ? "unknown" : spec.license())
                .string(RpmTags.PACKAGER, spec.maintainer())
                .i18n(RpmTags.GROUP, group(spec))
                .string(RpmTags.OS, "linux")
                .string(RpmTags.ARCH, arch(spec))
                // a binary package names its source package; rpm takes a header without one for a source package
                .string(RpmTags.SOURCERPM, sourceRpm(spec))
                .string(RpmTags.PAYLOADFORMAT, "cpio")
                .string(RpmTags.PAYLOADCOMPRESSOR, "xz")
                .string(RpmTags.PAYLOADFLAGS, "6")
                .strings(RpmTags.PAYLOADDIGEST, List.of(hex("SHA-256", payload)))
                .int32(RpmTags.PAYLOADDIGESTALGO, RpmTags.DIGEST_SHA256);
        relations(h, spec);
        for (var s : spec.scripts().entrySet()) {
            int[] tags = SCRIPT_TAGS.get(s.getKey());
            h.string(tags[0], s.getValue()).string(tags[1], INTERPRETER);
        }
        if (!files.isEmpty()) {
            RpmFileList.of(files, time).addTo(h);
        }
        return h;
    }

    private static void relations(RpmHeader h, PackageSpec spec) {
        List<Relation> provides = new ArrayList<>();
        provides.add(Relation.exactly(spec.name(), spec.version() + "-" + RELEASE));
        provides.addAll(spec.provides());
        h.strings(RpmTags.PROVIDENAME, provides.stream().map(Relation::name).toList())
                .int32(RpmTags.PROVIDEFLAGS, provides.stream().map(r -> r.version().isEmpty() ? 0 : RpmTags.SENSE_EQUAL)
                        .toList())
                .strings(RpmTags.PROVIDEVERSION, provides.stream().map(Relation::version).toList());
        List<Relation> requires = new ArrayList<>(spec.depends());
        requires.addAll(RPMLIB);
        h.strings(RpmTags.REQUIRENAME, requires.stream().map(Relation::name).toList())
                .int32(RpmTags.REQUIREFLAGS, requires.stream().map(r -> r.name().startsWith("rpmlib(")
                        ? RpmTags.SENSE_RPMLIB | RpmTags.SENSE_LESS | RpmTags.SENSE_EQUAL
                        : r.version().isEmpty() ? 0 : RpmTags.SENSE_EQUAL).toList())
                .strings(RpmTags.REQUIREVERSION, requires.stream().map(Relation::version).toList());
        dependencies(h, spec.supersedes(), RpmTags.CONFLICTNAME, RpmTags.CONFLICTVERSION, RpmTags.CONFLICTFLAGS);
        dependencies(h, spec.supplements(), RpmTags.SUPPLEMENTNAME, RpmTags.SUPPLEMENTVERSION,
                RpmTags.SUPPLEMENTFLAGS);
        dependencies(h, spec.enhances(), RpmTags.ENHANCENAME, RpmTags.ENHANCEVERSION, RpmTags.ENHANCEFLAGS);
    }

    /** One dependency kind's three parallel arrays; nothing at all when there is none (rpm's own habit). */
    private static void dependencies(RpmHeader h, List<Relation> relations, int nameTag, int versionTag,
                                     int flagsTag) {
        if (!relations.isEmpty()) {
            h.strings(nameTag, relations.stream().map(Relation::name).toList())
                    .int32(flagsTag, relations.stream().map(r -> r.version().isEmpty() ? 0 : RpmTags.SENSE_EQUAL)
                            .toList())
                    .strings(versionTag, relations.stream().map(Relation::version).toList());
        }
    }

    static String group(PackageSpec spec) {
        return spec.section().equals("kernel") ? "System Environment/Kernel" : "Unspecified";
    }

    static String sourceRpm(PackageSpec spec) {
        return spec.name() + "-" + spec.version() + "-" + RELEASE + ".src.rpm";
    }

    static long size(PackageFile f) {
        return f.isLink() ? f.linkTarget().getBytes(StandardCharsets.UTF_8).length : f.content().length;
    }

    private static byte[] cpio(PackageSpec spec, List<PackageFile> files) {
        CpioWriter cpio = new CpioWriter(spec.time());
        for (int i = 0; i < files.size(); i++) {
            PackageFile f = files.get(i);
            // RPM's payload names are relative, "./" + the installed path
            cpio.entry("." + f.path(), f.isLink() ? f.linkTarget().getBytes(StandardCharsets.UTF_8) : f.content(),
                    RpmFileList.mode(f), i + 1);
        }
        return cpio.toBytes();
    }

    static String hex(String algorithm, byte[]... parts) {
        return HexFormat.of().formatHex(digest(algorithm, parts));
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance(algorithm);
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has " + algorithm, e);
        }
    }

    /** The 96-byte lead rpm still requires in front of every package, though it reads nothing else from it. */
    static final class RpmLead {
        private RpmLead() {
        }

        static byte[] of(String nameVersionRelease, String arch) {
            ByteBuffer b = ByteBuffer.allocate(96);
            b.put(new byte[] {(byte) 0xed, (byte) 0xab, (byte) 0xee, (byte) 0xdb, 3, 0});
            b.putShort((short) 0); // binary package
            b.putShort((short) (arch.equals("x86_64") || arch.equals("i686") ? 1 : 0)); // rpmrc's arch number
            byte[] name = nameVersionRelease.getBytes(StandardCharsets.UTF_8);
            b.put(name, 0, Math.min(name.length, 65));
            b.position(76);
            b.putShort((short) 1); // Linux
            b.putShort((short) 5); // the signature is a header structure
            return b.array();
        }
    }
}
