package org.kmodfarm.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kmodfarm.core.apt.IndexFetcher;
import org.kmodfarm.core.farm.Digests;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.model.InfraException;

/**
 * Package files downloaded once and kept under a cache folder ({@code TREE/.kmodfarm/cache/debs/}), each
 * checked against the digest its index promises, on download and again on every use (a damaged file is fetched
 * again). Thread-safe: two threads fetching the same package both write the same bytes atomically.
 */
public final class DebCache {
    private final Path dir;
    private final IndexFetcher fetcher;

    public DebCache(Path dir, IndexFetcher fetcher) {
        this.dir = dir;
        this.fetcher = fetcher;
    }

    /** The package's bytes, from the cache or the mirror; an infrastructure error when neither has them intact. */
    public byte[] get(PackageRef ref) {
        Path file = dir.resolve(ref.cacheName());
        try {
            if (Files.isRegularFile(file)) {
                byte[] cached = Files.readAllBytes(file);
                if (Digests.sha256(cached).equals(ref.sha256())) {
                    return cached;
                }
            }
            byte[] bytes = fetcher.fetch(ref.uri()).orElseThrow(() -> new InfraException(
                    ref.uri() + " is listed in its index but the mirror does not have it",
                    "run again with --refresh (the index may be older than the mirror)"));
            String sha = Digests.sha256(bytes);
            if (!sha.equals(ref.sha256())) {
                throw new InfraException(ref.uri() + " does not match its index (sha256 " + sha + ", expected "
                        + ref.sha256() + ")", "run again later (the mirror may be syncing) or with --refresh");
            }
            AtomicFiles.write(file, bytes);
            return bytes;
        } catch (IOException e) {
            throw new InfraException("cannot fetch " + ref.uri() + ": " + e.getMessage(),
                    "check the mirror (kmodfarm doctor) and the free space under " + dir, e);
        }
    }
}
