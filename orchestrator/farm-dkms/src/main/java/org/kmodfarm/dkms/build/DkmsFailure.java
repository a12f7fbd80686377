package org.kmodfarm.dkms.build;

import java.util.ArrayList;
import java.util.List;

/**
 * DKMS's {@code die} inside build, install or uninstall: the exit code and the lines DKMS prints to standard
 * error, formatted ({@code ""} then {@code Error! …} for {@code die}, {@code Warning: …} for {@code diewarn}).
 */
public final class DkmsFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final List<String> stderrLines;

    private DkmsFailure(int code, List<String> stderrLines) {
        super("dkms exits with " + code + ": " + String.join(" ", stderrLines), null, false, false);
        this.code = code;
        this.stderrLines = List.copyOf(stderrLines);
    }

    /** {@code die code line…}. */
    public static DkmsFailure die(int code, String... lines) {
        List<String> block = new ArrayList<>();
        block.add("");
        block.add("Error! " + lines[0]);
        block.addAll(List.of(lines).subList(1, lines.length));
        return new DkmsFailure(code, block);
    }

    /** {@code diewarn code line…}. */
    public static DkmsFailure dieWarn(int code, String... lines) {
        List<String> block = new ArrayList<>(List.of(lines));
        block.set(0, "Warning: " + lines[0]);
        return new DkmsFailure(code, block);
    }

    /** Ends with {@code code} after lines already formatted (e.g. {@link org.kmodfarm.dkms.PatchCheck}'s). */
    public static DkmsFailure withLines(int code, List<String> lines) {
        return new DkmsFailure(code, lines);
    }

    /** An {@code exit code} after DKMS has printed what it had to say itself. */
    public static DkmsFailure silent(int code) {
        return new DkmsFailure(code, List.of());
    }

    /** DKMS's exit code. */
    public int code() {
        return code;
    }

    /** The lines for standard error, in order. */
    public List<String> stderrLines() {
        return stderrLines;
    }
}
