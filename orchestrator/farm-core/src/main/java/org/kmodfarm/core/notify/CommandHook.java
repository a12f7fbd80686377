package org.kmodfarm.core.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kmodfarm.model.InfraException;

/**
 * Runs a command for the notice: {@code sh -c COMMAND kmodfarm-watch REPORT…} (the report files as {@code $1…}),
 * with {@code KMODFARM_NOTICE} (the notice's JSON file), {@code KMODFARM_RUN_ID}, {@code KMODFARM_NEW_KERNELS},
 * {@code KMODFARM_GONE_KERNELS} and {@code KMODFARM_REGRESSIONS} (a count) in its environment. Its output goes
 * to kmodfarm's; a non-zero exit or running past the timeout is a failed delivery.
 */
public final class CommandHook implements Notifier {
    private final String command;
    private final Path noticeFile;
    private final Duration timeout;

    /** @param noticeFile where the notice's JSON is written for the command to read */
    public CommandHook(String command, Path noticeFile, Duration timeout) {
        this.command = command;
        this.noticeFile = noticeFile;
        this.timeout = timeout;
    }

    @Override
    public void send(Notice notice, byte[] body) throws InterruptedException {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", command, "kmodfarm-watch"));
        argv.addAll(notice.reports().values());
        ProcessBuilder pb = new ProcessBuilder(argv).inheritIO();
        pb.environment().put("KMODFARM_NOTICE", noticeFile.toString());
        pb.environment().put("KMODFARM_RUN_ID", notice.runId() == null ? "" : notice.runId());
        pb.environment().put("KMODFARM_NEW_KERNELS", String.join(" ", notice.newKernels()));
        pb.environment().put("KMODFARM_GONE_KERNELS", String.join(" ", notice.goneKernels()));
        pb.environment().put("KMODFARM_REGRESSIONS", String.valueOf(notice.regressions().size()));
        Process p;
        try {
            Files.createDirectories(noticeFile.getParent());
            Files.write(noticeFile, body);
            p = pb.start();
        } catch (IOException e) {
            throw new InfraException("the watch command could not start: " + e.getMessage(),
                    "check watch.command in the configuration");
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new InfraException("the watch command ran past " + timeout.toSeconds() + " s and was killed",
                        "make watch.command finish sooner, or run long work in the background");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        if (p.exitValue() != 0) {
            throw new InfraException("the watch command exited with " + p.exitValue() + ": " + command,
                    "run it by hand with the same arguments to see why");
        }
    }

    @Override
    public String describe() {
        return "command " + command;
    }
}
