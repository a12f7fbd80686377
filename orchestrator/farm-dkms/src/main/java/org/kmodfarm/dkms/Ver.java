package org.kmodfarm.dkms;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DKMS's {@code VER()} version key and the comparisons DKMS builds on it (BUILD_EXCLUSIVE_KERNEL_MIN/MAX,
 * OBSOLETE_BY, "latest version").
 *
 * <p>The key pads every run of ASCII digits shorter than three digits to three and removes every space, so
 * {@code 2.6.9-1cvs200409091247} becomes {@code 002.006.009-001cvs200409091247}; longer runs stay as they are.
 * DKMS compares two keys with bash's {@code [[ a < b ]]}, which collates in the caller's locale; this class
 * compares by UTF-16 code unit, which is what bash does under {@code LC_ALL=C} or {@code C.UTF-8}.
 * Stateless and thread-safe.
 */
public final class Ver {
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    // `echo "$1"` takes a lone option cluster such as -n or -e as options and prints nothing of it.
    private static final Pattern ECHO_OPTION = Pattern.compile("-[neE]+");

    private Ver() {
    }

    /**
     * The key DKMS's {@code VER "$s"} prints, without its trailing newlines.
     *
     * @param version any string, not null; several lines are keyed line by line as DKMS's sed does
     * @return the key; never null
     */
    public static String key(String version) {
        if (ECHO_OPTION.matcher(version).matches()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String line : version.split("\n", -1)) {
            out.append(keyOfLine(line)).append('\n');
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '\n') {
            end--;
        }
        return out.substring(0, end);
    }

    /** Compares two versions as DKMS does: by their keys. Negative when {@code a} sorts first. */
    public static int compare(String a, String b) {
        return key(a).compareTo(key(b));
    }

    private static String keyOfLine(String line) {
        Matcher digits = DIGITS.matcher(line);
        StringBuilder padded = new StringBuilder();
        while (digits.find()) {
            String run = digits.group();
            digits.appendReplacement(padded, "0".repeat(Math.max(0, 3 - run.length())) + run);
        }
        digits.appendTail(padded);
        return padded.toString().replace(" ", "");
    }
}
