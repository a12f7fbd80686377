package org.kmodfarm.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link VmRunner} for tests: it boots nothing, but answers as a machine would that runs the initramfs's
 * {@code /init} and loads every module; it counts the machines running at once, and can be made to hang until
 * interrupted.
 */
final class FakeVm implements VmRunner {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();
    final CountDownLatch started = new CountDownLatch(1);
    volatile boolean hang;

    @Override
    public VmRun boot(VmSpec spec) throws InterruptedException, IOException {
        int now = running.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        started.countDown();
        try {
            if (hang) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                }
            }
            Thread.sleep(30);
            String init = new String(org.kmodfarm.archive.CpioReader.entries(gunzip(spec.initramfs())).get("init").content(),
                    StandardCharsets.UTF_8);
            StringBuilder console = new StringBuilder("KMODFARM-BOOTED fake\nKMODFARM-TAINT-BEFORE 0\n");
            init.lines().filter(l -> l.startsWith("out=$(insmod /modules/")).forEach(l -> {
                String name = l.substring(l.indexOf("/modules/") + 9, l.indexOf(".ko"));
                console.append("KMODFARM-INSMOD cell ").append(name).append(" 0\n");
            });
            console.append("KMODFARM-TAINT-AFTER 4096\nKMODFARM-DMESG-BEGIN\nKMODFARM-DMESG-END\nKMODFARM-END\n");
            return new VmRun(console.toString(), false, 0, 30);
        } finally {
            running.decrementAndGet();
        }
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (var in = org.kmodfarm.archive.Compression.GZIP.decompress(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
