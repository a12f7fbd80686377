package org.kmodfarm.core.farm;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The cell runner's own account, {@code cell.properties}, written last in its output folder: which DKMS stage
 * ran last and with what status. Absent when the runner died or was killed before the end.
 *
 * @param stage       {@code add} or {@code build}
 * @param status      DKMS's exit status of that stage
 * @param compression the module suffix used ({@code .xz}…), empty for none
 * @param logBytes    the size of the whole make.log
 * @param logCapped   whether the make.log returned was cut to its cap
 */
public record CellReport(String name, String version, String stage, int status, String compression, long logBytes,
                         boolean logCapped) {
    public static final String FILE = "cell.properties";

    /** The report among a cell's outputs, if the runner got to write it and it parses. */
    public static Optional<CellReport> from(Map<String, byte[]> outputs) {
        byte[] raw = outputs.get(FILE);
        if (raw == null) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(raw, StandardCharsets.UTF_8)));
            return Optional.of(new CellReport(p.getProperty("name", ""), p.getProperty("version", ""),
                    p.getProperty("stage", ""), Integer.parseInt(p.getProperty("status", "").strip()),
                    p.getProperty("compression", ""), Long.parseLong(p.getProperty("log.bytes", "0").strip()),
                    Boolean.parseBoolean(p.getProperty("log.capped", "false"))));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
