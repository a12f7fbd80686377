package org.kmodfarm.packaging.iso;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kmodfarm.core.io.Processes;
import org.kmodfarm.model.InfraException;

/**
 * {@link IsoImager} through GNU xorriso's mkisofs emulation: found on the PATH when used; every date of the
 * image (volume times, file times, the volume UUID) pinned to the given time, so two runs give the same bytes.
 */
public final class Xorriso implements IsoImager {
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private final List<String> layout;

    /** Plain ISO 9660 images, as a CD holds them. */
    public Xorriso() {
        this(List.of());
    }

    private Xorriso(List<String> layout) {
        this.layout = layout;
    }

    /**
     * Images that also carry an MBR partition table whose first partition is the same ISO 9660 file system
     * (xorriso's partition offset, 16 blocks): written to a USB stick, the label is seen on a partition too,
     * which is where debian-installer's driver injection disk detection looks (USB partitions only).
     */
    public static Xorriso withPartitionTable() {
        return new Xorriso(List.of("-partition_offset", "16"));
    }
    // ISO 9660's volume dates and the UUID GRUB reads are both "YYYYMMDDhhmmsscc" in xorriso's options
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'00'")
            .withZone(ZoneOffset.UTC);

    @Override
    public void image(Path folder, String volumeId, Instant time, Path iso) throws IOException, InterruptedException {
        Path xorriso = Processes.which("xorriso").orElseThrow(() -> new InfraException(
                "making an ISO image needs xorriso, which is not installed",
                "apt-get install -y xorriso (dnf install xorriso; scripts/setup-tools does it), or use --media tar"));
        String date = DATE.format(time);
        List<String> command = new ArrayList<>(List.of(xorriso.toString(), "-as", "mkisofs", "-quiet", "-V",
                volumeId, "-R", "-J", "--modification-date=" + date, "-uid", "0", "-gid", "0", "-file-mode", "0644",
                "-dir-mode", "0755"));
        command.addAll(layout);
        command.addAll(List.of("-o", iso.toString(), folder.toString()));
        Processes.Outcome o = Processes.run(command, LIMIT, line -> { }, Map.of("SOURCE_DATE_EPOCH",
                Long.toString(time.getEpochSecond())));
        if (!o.ok()) {
            throw new InfraException("xorriso failed (" + (o.timedOut() ? "timed out" : "exit " + o.exitCode())
                    + "):\n  " + String.join("\n  ", o.tail()), "run the command by hand to see why: "
                    + String.join(" ", command));
        }
    }
}
