package org.kmodfarm.core.apt;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.core.io.AtomicFiles;

/**
 * Suite indexes kept on disk. A suite's {@code Release} file is fetched again only when the cached one is
 * older than the maximum age (or on refresh); its Packages index is downloaded again only when the Release
 * file lists a different checksum for it. When the mirror cannot be reached, a cached index is used with
 * a warning, so resolution works offline. What is kept of a Packages index is the small part kernel
 * resolution needs, so reading it back costs milliseconds.
 *
 * <p>Thread-safe for distinct suites; files are replaced atomically.
 */
public final class AptIndexCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final IndexFetcher fetcher;
    private final Clock clock;
    private final Duration maxAge;
    private final Consumer<String> warnings;

    public AptIndexCache(Path dir, IndexFetcher fetcher, Clock clock, Duration maxAge, Consumer<String> warnings) {
        this.dir = dir;
        this.fetcher = fetcher;
        this.clock = clock;
        this.maxAge = maxAge;
        this.warnings = warnings;
    }

    /** The kernel-related packages of {@code suite}'s main component for {@code arch}. */
    public SuiteIndex load(URI mirror, String suite, String arch, boolean refresh) throws IndexException {
        Path suiteDir = dir.resolve(slug(mirror)).resolve(suite);
        ReleaseFile release = release(mirror, suite, suiteDir, refresh);
        URI base = dists(mirror, suite);
        ReleaseFile.IndexEntry entry = release.packagesIndex("main", arch).orElseThrow(() -> new IndexException(
                IndexException.Kind.ARCH_NOT_IN_SUITE, base,
                "suite " + suite + " has no main/binary-" + arch + " index (architectures: "
                        + String.join(" ", release.architectures()) + ")", null));
        // v2 keeps kernel images, busybox and package file names; an older cache lacks them and is fetched again
        Path cached = suiteDir.resolve("main-" + arch + ".v2.json");
        Optional<SuiteIndex> previous = readIndex(cached);
        if (previous.isPresent() && previous.get().packagesSha256().equals(entry.sha256())) {
            return previous.get();
        }
        SuiteIndex index = download(mirror, suite, arch, base.resolve(entry.path()), entry);
        write(cached, toJson(index));
        return index;
    }

    private ReleaseFile release(URI mirror, String suite, Path suiteDir, boolean refresh) throws IndexException {
        Path cached = suiteDir.resolve("Release");
        boolean fresh = Files.isRegularFile(cached) && !refresh && age(cached).compareTo(maxAge) < 0;
        if (fresh) {
            return ReleaseFile.parse(read(cached));
        }
        URI uri = dists(mirror, suite).resolve("Release");
        Optional<byte[]> bytes;
        try {
            bytes = fetcher.fetch(uri);
        } catch (IOException e) {
            if (Files.isRegularFile(cached)) {
                warnings.accept("cannot reach " + uri + " (" + e.getMessage() + "); using the index cached "
                        + age(cached).toMinutes() + " min ago");
                return ReleaseFile.parse(read(cached));
            }
            throw new IndexException(IndexException.Kind.MIRROR_UNREACHABLE, uri,
                    "cannot reach " + uri + ": " + describe(e), e);
        }
        if (bytes.isEmpty()) {
            throw new IndexException(IndexException.Kind.SUITE_NOT_FOUND, uri,
                    "the mirror has no suite '" + suite + "' (" + uri + " does not exist)", null);
        }
        write(cached, bytes.get());
        return ReleaseFile.parse(new String(bytes.get(), StandardCharsets.UTF_8));
    }

    private SuiteIndex download(URI mirror, String suite, String arch, URI uri, ReleaseFile.IndexEntry entry)
            throws IndexException {
        byte[] bytes;
        try {
            bytes = fetcher.fetch(uri).orElseThrow(() -> new IOException("listed in Release but missing"));
        } catch (IOException e) {
            throw new IndexException(IndexException.Kind.MIRROR_UNREACHABLE, uri,
                    "cannot fetch " + uri + ": " + describe(e), e);
        }
        String sha = sha256(bytes);
        if (!sha.equals(entry.sha256()) || bytes.length != entry.size()) {
            throw new IndexException(IndexException.Kind.CORRUPT, uri, uri + " does not match its Release entry "
                    + "(sha256 " + sha + ", expected " + entry.sha256() + "); the mirror may be syncing", null);
        }
        List<PackageEntry> kept = new ArrayList<>();
        try (InputStream in = Compression.ofFileName(entry.path()).decompress(new ByteArrayInputStream(bytes))) {
            Deb822.stream(in, stanza -> {
                String name = stanza.get("Package");
                if (name != null && stanza.get("Version") != null && SuiteIndex.relevant(name)) {
                    kept.add(PackageEntry.of(stanza));
                }
            });
        } catch (IOException e) {
            throw new IndexException(IndexException.Kind.CORRUPT, uri, "cannot read " + uri + ": " + e.getMessage(), e);
        }
        return new SuiteIndex(mirror, suite, arch, entry.sha256(), kept);
    }

    private static URI dists(URI mirror, String suite) {
        String m = mirror.toString();
        return URI.create((m.endsWith("/") ? m : m + "/") + "dists/" + suite + "/");
    }

    private Duration age(Path file) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return Duration.between(modified, clock.instant());
        } catch (IOException e) {
            return Duration.ofDays(365_000);
        }
    }

    private static Optional<SuiteIndex> readIndex(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), SuiteIndex.class));
        } catch (IOException e) {
            return Optional.empty(); // a damaged cache entry is simply fetched again
        }
    }

    private static byte[] toJson(SuiteIndex index) throws IndexException {
        try {
            return JSON.writeValueAsBytes(index);
        } catch (IOException e) {
            throw new IllegalStateException("a SuiteIndex always serialises", e);
        }
    }

    private void write(Path file, byte[] bytes) throws IndexException {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new IndexException(IndexException.Kind.CORRUPT, file.toUri(),
                    "cannot write the index cache " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) throws IndexException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IndexException(IndexException.Kind.CORRUPT, file.toUri(), "cannot read " + file, e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** A file-system-safe name for a mirror URI. */
    static String slug(URI mirror) {
        return mirror.toString().replaceFirst("^[a-z]+://", "").replaceAll("[^A-Za-z0-9.-]+", "_");
    }
}
