package org.kmodfarm.cli.dkms;

import java.util.List;

/**
 * DKMS's {@code die}: the run ends with {@code code} after {@code stderrLines} are printed. Thrown by the verbs,
 * caught only by {@link DkmsCommand}, which prints and returns the code.
 */
final class DkmsExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient List<String> stderrLines;

    private DkmsExit(int code, List<String> stderrLines) {
        super("dkms exits with " + code, null, false, false);
        this.code = code;
        this.stderrLines = List.copyOf(stderrLines);
    }

    /** {@code die code line…}: printed as DKMS's {@code error} block. */
    static DkmsExit die(int code, String... lines) {
        List<String> block = new java.util.ArrayList<>();
        block.add("");
        block.add("Error! " + lines[0]);
        block.addAll(List.of(lines).subList(1, lines.length));
        return new DkmsExit(code, block);
    }

    /** Ends with {@code code} after lines already formatted (e.g. a dkms.conf reader's messages). */
    static DkmsExit withLines(int code, List<String> lines) {
        return new DkmsExit(code, lines);
    }

    /** A verb kmodfarm's {@code dkms} does not do yet: exit 2 with a plain explanation. */
    static DkmsExit notImplemented(String what) {
        return die(2, what + " is not implemented yet in kmodfarm.");
    }

    int code() {
        return code;
    }

    List<String> stderrLines() {
        return stderrLines;
    }
}
