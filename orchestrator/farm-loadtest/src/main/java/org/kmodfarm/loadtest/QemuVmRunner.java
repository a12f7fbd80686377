package org.kmodfarm.loadtest;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code qemu-system-x86_64} as a {@link VmRunner}: each machine in its own temporary folder (initramfs, console
 * log, emulator output), no network ({@code -nic none}), no display, no reboot (a panic or a power-off ends the
 * process), killed with its descendants at the time limit or on interruption; the folder is removed afterwards.
 */
public final class QemuVmRunner implements VmRunner {
    /** Console bytes kept: head and tail of a machine that floods its console. */
    static final int CONSOLE_CAP = 4 << 20;

    private final Path emulator;
    private final Path workRoot;

    /**
     * @param emulator the {@code qemu-system-*} binary
     * @param workRoot where the machines' temporary folders are made
     */
    public QemuVmRunner(Path emulator, Path workRoot) {
        this.emulator = emulator;
        this.workRoot = workRoot;
    }

    @Override
    public VmRun boot(VmSpec spec) throws IOException, InterruptedException {
        Files.createDirectories(workRoot);
        Path dir = Files.createTempDirectory(workRoot, "vm-");
        try {
            Path initrd = Files.write(dir.resolve("initramfs.cpio.gz"), spec.initramfs());
            Path console = dir.resolve("console.log");
            List<String> command = new ArrayList<>(List.of(emulator.toString(),
                    "-accel", spec.accel().qemuName(), "-m", Integer.toString(spec.memoryMb()),
                    "-smp", "1", "-nodefaults", "-no-reboot", "-display", "none", "-monitor", "none",
                    "-nic", "none", "-serial", "file:" + console,
                    "-kernel", spec.kernel().toString(), "-initrd", initrd.toString(), "-append", spec.cmdline()));
            if (spec.accel() == Accel.KVM) {
                command.addAll(List.of("-cpu", "host"));
            }
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
            boolean finished;
            try {
                finished = p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                kill(p);
                throw e;
            }
            if (!finished) {
                kill(p);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String text = read(console);
            if (finished && p.exitValue() != 0 && text.isEmpty()) {
                throw new IOException(emulator.getFileName() + " exited with " + p.exitValue() + ": "
                        + read(dir.resolve("qemu.log")).strip());
            }
            return new VmRun(text, !finished, finished ? p.exitValue() : -1, ms);
        } finally {
            deleteTree(dir);
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        // the folder is removed only once nothing writes into it any more
        p.waitFor(10, TimeUnit.SECONDS);
    }

    /** The file's text; when over the cap, its head and tail with the cut marked. */
    static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        long size = Files.size(file);
        if (size <= CONSOLE_CAP) {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[CONSOLE_CAP / 2];
            f.readFully(head);
            byte[] tail = new byte[CONSOLE_CAP / 2];
            f.seek(size - tail.length);
            f.readFully(tail);
            return new String(head, StandardCharsets.ISO_8859_1) + "\n[kmodfarm: " + (size - CONSOLE_CAP)
                    + " bytes of console output cut]\n" + new String(tail, StandardCharsets.ISO_8859_1);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
