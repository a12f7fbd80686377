package org.kmodfarm.core.farm;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first error of a failed build, as a person would look for it: the compiler's first {@code error:} as
 * file:line:message (the file relative to the module's build folder), else make's first {@code ***} line, else
 * DKMS's first {@code Error!} message.
 *
 * @param file    the source file, relative to the module's build folder; empty when not a compiler error
 * @param line    its line, 0 when unknown
 * @param message what went wrong
 */
public record FirstError(String file, int line, String message) {
    private static final Pattern COMPILER = Pattern.compile(
            "^(?<file>[^\\s:][^:]*):(?<line>\\d+):(?:\\d+:)? (?:fatal )?error: (?<msg>.*)$");
    // DKMS builds in TREE/NAME/VERSION/build/: paths below it are what the module's authors know.
    private static final Pattern BUILD_DIR = Pattern.compile("^.*?/build/");

    /** The first error of {@code lines}, if any. */
    public static Optional<FirstError> find(List<String> lines) {
        for (String l : lines) {
            Matcher m = COMPILER.matcher(l.strip());
            if (m.matches()) {
                return Optional.of(new FirstError(BUILD_DIR.matcher(m.group("file")).replaceFirst(""),
                        Integer.parseInt(m.group("line")), m.group("msg").strip()));
            }
        }
        for (String l : lines) {
            int stars = l.indexOf("*** ");
            if (l.startsWith("make") && stars > 0) {
                return Optional.of(new FirstError("", 0, l.strip()));
            }
        }
        for (String l : lines) {
            int at = l.indexOf("Error!");
            if (at >= 0) {
                return Optional.of(new FirstError("", 0, l.substring(at).strip()));
            }
        }
        return Optional.empty();
    }

    /** {@code file:line: message}, or the message alone. */
    public String describe() {
        return file.isEmpty() ? message : file + ":" + line + ": " + message;
    }
}
