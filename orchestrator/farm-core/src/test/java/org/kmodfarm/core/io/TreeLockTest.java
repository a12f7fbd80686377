package org.kmodfarm.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeLockTest {
    @TempDir
    Path dir;

    @Test
    void threadsOfOneProcessNeverHoldItTogether() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        TreeLock lock = TreeLock.acquire(dir);
                        try {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.onSpinWait();
                            inside.decrementAndGet();
                        } finally {
                            lock.close();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, maxInside.get());
    }

    @Test
    void theHoldingThreadTakesItAgainAndKeepsItUntilTheOutermostClose() throws Exception {
        TreeLock outer = TreeLock.acquire(dir);
        try {
            TreeLock inner = TreeLock.acquire(dir);
            inner.close();
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<?> waiting = other.submit(() -> {
                    TreeLock.acquire(dir).close();
                    return null;
                });
                Thread.sleep(300);
                assertFalse(waiting.isDone(), "another thread took the lock while the outer hold remained");
                outer.close();
                outer = null;
                waiting.get(30, TimeUnit.SECONDS);
            } finally {
                other.shutdownNow();
            }
        } finally {
            if (outer != null) {
                outer.close();
            }
        }
    }

    @Test
    void anotherProcessWaitsUntilItIsReleased() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), dir.toString(), "1500").redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine());
            long before = System.nanoTime();
            TreeLock lock = TreeLock.acquire(dir);
            long waitedMs = (System.nanoTime() - before) / 1_000_000;
            lock.close();
            assertTrue(waitedMs >= 500, "acquired after " + waitedMs + " ms while the other process held it");
        } finally {
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** Child process: takes the lock, says so, holds it for the given milliseconds. */
    static final class LockHolder {
        private LockHolder() {
        }

        public static void main(String[] args) throws IOException, InterruptedException {
            TreeLock lock = TreeLock.acquire(Path.of(args[0]));
            try {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(Long.parseLong(args[1]));
            } finally {
                lock.close();
            }
        }
    }
}
