package org.kmodfarm.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The exclusive writer lock of one dkms tree: {@value #FILE_NAME} at the tree's root, locked with
 * {@link FileChannel#lock()} (a POSIX record lock, so other processes wait too). Hidden, so that DKMS's globs
 * never see it. Reentrant per thread: a verb that holds it may call another verb that takes it again (build's
 * implicit add, install's implicit build); the file lock is released when the outermost holder closes.
 * Each instance must be closed once, by the thread that acquired it.
 */
public final class TreeLock implements AutoCloseable {
    /** The lock file's name under the dkms tree. */
    public static final String FILE_NAME = ".kmodfarm.lock";

    // A JVM holds POSIX locks per process, and FileChannel.lock throws instead of waiting when another thread
    // of this JVM holds the same file: threads therefore queue here first, per lock file.
    private static final Map<Path, Holder> IN_PROCESS = new ConcurrentHashMap<>();

    /** The in-process lock of one file and, while some thread holds it, the file lock; guarded by {@code lock}. */
    private static final class Holder {
        private final ReentrantLock lock = new ReentrantLock();
        private FileChannel channel;
        private FileLock fileLock;
    }

    private final Holder holder;

    private TreeLock(Holder holder) {
        this.holder = holder;
    }

    /**
     * Waits until this thread holds the lock of {@code dkmsTree}, which must exist; returns at once when this
     * thread already holds it.
     *
     * @throws IOException when the lock file cannot be opened or locked; nothing more is held then
     */
    public static TreeLock acquire(Path dkmsTree) throws IOException {
        Path file = dkmsTree.toAbsolutePath().normalize().resolve(FILE_NAME);
        Holder holder = IN_PROCESS.computeIfAbsent(file, f -> new Holder());
        try {
            holder.lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + file, e);
        }
        if (holder.lock.getHoldCount() > 1) {
            return new TreeLock(holder);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            holder.fileLock = channel.lock();
            holder.channel = channel;
            return new TreeLock(holder);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            holder.lock.unlock();
            throw e;
        }
    }

    /** Releases this hold; the outermost release also releases the file lock. The lock file stays. */
    @Override
    public void close() throws IOException {
        try {
            if (holder.lock.getHoldCount() == 1) {
                FileChannel channel = holder.channel;
                holder.channel = null;
                try {
                    holder.fileLock.release();
                } finally {
                    holder.fileLock = null;
                    channel.close();
                }
            }
        } finally {
            holder.lock.unlock();
        }
    }
}
