package org.kmodfarm.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.CpioWriter;

/**
 * The initramfs a load test boots: busybox, {@code /init} ({@link InitScript}) and the modules, as a gzipped
 * {@code newc} cpio archive (what every kernel kmodfarm boots can unpack). Reproducible: the same modules give
 * the same bytes.
 */
final class Initramfs {
    private Initramfs() {
    }

    /**
     * @param modules file name in {@code /modules/} → uncompressed module bytes, one per step
     */
    static byte[] build(byte[] busybox, List<LoadStep> steps, Map<String, byte[]> modules) {
        CpioWriter cpio = new CpioWriter()
                .directory("bin", 0755)
                .file("bin/busybox", busybox, 0755)
                .directory("dev", 0755)
                .charDevice("dev/console", 0600, 5, 1)
                .directory("proc", 0755)
                .directory("sys", 0755)
                .directory("modules", 0755)
                .file("init", InitScript.render(steps).getBytes(StandardCharsets.UTF_8), 0755);
        for (LoadStep step : steps) {
            byte[] bytes = modules.get(step.file());
            if (bytes == null) {
                throw new IllegalArgumentException("no bytes for " + step.file());
            }
            cpio.file("modules/" + step.file(), bytes, 0644);
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = Compression.GZIP.compress(gz)) {
            out.write(cpio.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("compressing in memory cannot fail", e);
        }
        return gz.toByteArray();
    }
}
