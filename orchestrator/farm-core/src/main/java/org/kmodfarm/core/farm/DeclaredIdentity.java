package org.kmodfarm.core.farm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NAME/VERSION of a module whose cell ended before DKMS could say (timeout, memory kill, engine failure), read
 * from dkms.conf's literal {@code PACKAGE_NAME=}/{@code PACKAGE_VERSION=} lines without evaluating anything
 * (dkms.conf is untrusted; only the sandbox runs it). A value computed by shell code is not guessed.
 */
final class DeclaredIdentity {
    private static final Pattern LITERAL = Pattern.compile(
            "^\\s*(PACKAGE_NAME|PACKAGE_VERSION)=([\"']?)([A-Za-z0-9][A-Za-z0-9_.+~:-]*)\\2\\s*(#.*)?$");

    private DeclaredIdentity() {
    }

    /** The literal value of {@code directive} (the last assignment wins, as in bash). */
    static Optional<String> read(Path sourceDir, String directive) {
        String found = null;
        try {
            for (String line : Files.readAllLines(sourceDir.resolve("dkms.conf"), StandardCharsets.ISO_8859_1)) {
                Matcher m = LITERAL.matcher(line);
                if (m.matches() && m.group(1).equals(directive)) {
                    found = m.group(3);
                } else if (line.contains(directive + "=")) {
                    found = null;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }
}
