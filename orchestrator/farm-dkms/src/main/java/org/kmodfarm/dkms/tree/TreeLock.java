package org.kmodfarm.dkms.tree;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The exclusive writer lock of one dkms tree: {@value #FILE_NAME} at the tree's root, locked with
 * {@link FileChannel#lock()} (a POSIX record lock, so other processes wait too). Hidden, so that DKMS's globs
 * never see it. Not reentrant: a thread that holds it and asks again waits forever.
 */
public final class TreeLock implements AutoCloseable {
    /** The lock file's name under the dkms tree. */
    public static final String FILE_NAME = ".kmodfarm.lock";

    // A JVM holds POSIX locks per process, and FileChannel.lock throws instead of waiting when another thread
    // of this JVM holds the same file: threads therefore queue here first, per lock file.
    private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;

    private TreeLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits until this thread holds the lock of {@code dkmsTree}, which must exist.
     *
     * @throws IOException when the lock file cannot be opened or locked; nothing is held then
     */
    public static TreeLock acquire(Path dkmsTree) throws IOException {
        Path file = dkmsTree.toAbsolutePath().normalize().resolve(FILE_NAME);
        Semaphore local = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
        try {
            local.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + file, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new TreeLock(local, channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.release();
            throw e;
        }
    }

    /** Releases the lock; the lock file stays. */
    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            local.release();
        }
    }
}
