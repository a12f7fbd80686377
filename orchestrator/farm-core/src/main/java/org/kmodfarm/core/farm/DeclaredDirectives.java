package org.kmodfarm.core.farm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Directives of a dkms.conf read from its literal lines, without evaluating anything (dkms.conf is untrusted;
 * only the sandbox runs it): NAME/VERSION of a module whose cell ended before DKMS could say (timeout, memory
 * kill, engine failure), and what the farm must know before any cell runs (AUTOINSTALL, BUILD_DEPENDS). A value
 * computed by shell code is not guessed: the directive reads as unknown.
 */
public final class DeclaredDirectives {
    private static final String WORD = "[A-Za-z0-9][A-Za-z0-9_.+~:-]*";
    private static final Pattern SCALAR = Pattern.compile(
            "^\\s*([A-Z_]+)=([\"']?)(" + WORD + ")?\\2\\s*(#.*)?$");
    private static final Pattern ELEMENT = Pattern.compile(
            "^\\s*([A-Z_]+)\\[([0-9]+)]=([\"']?)(" + WORD + ")?\\3\\s*(#.*)?$");
    private static final Pattern LIST = Pattern.compile("^\\s*([A-Z_]+)=\\(([^()$`\\\\]*)\\)\\s*(#.*)?$");
    private static final Pattern LIST_WORD = Pattern.compile("([\"']?)(" + WORD + ")\\1");

    private DeclaredDirectives() {
    }

    /** The literal value of {@code directive} (the last assignment wins, as in bash); empty when unknown. */
    public static Optional<String> read(Path sourceDir, String directive) {
        String found = null;
        for (String line : lines(sourceDir)) {
            Matcher m = SCALAR.matcher(line);
            if (m.matches() && m.group(1).equals(directive) && m.group(3) != null) {
                found = m.group(3);
            } else if (line.contains(directive + "=")) {
                found = null;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The literal words of an array directive such as {@code BUILD_DEPENDS}, from {@code D=word},
     * {@code D[i]=word} and {@code D=(w1 w2)} lines, in index order; an empty list when there is none.
     *
     * @return empty when a line assigns it in a way only the shell can evaluate
     */
    public static Optional<List<String>> words(Path sourceDir, String directive) {
        TreeMap<Integer, String> byIndex = new TreeMap<>();
        for (String line : lines(sourceDir)) {
            Matcher scalar = SCALAR.matcher(line);
            Matcher element = ELEMENT.matcher(line);
            Matcher list = LIST.matcher(line);
            if (scalar.matches() && scalar.group(1).equals(directive)) {
                putOrRemove(byIndex, 0, scalar.group(3));
            } else if (element.matches() && element.group(1).equals(directive)) {
                putOrRemove(byIndex, Integer.parseInt(element.group(2)), element.group(4));
            } else if (list.matches() && list.group(1).equals(directive)) {
                byIndex.clear();
                Matcher w = LIST_WORD.matcher(list.group(2));
                int i = 0;
                while (w.find()) {
                    byIndex.put(i++, w.group(2));
                }
            } else if (line.contains(directive + "=") || line.contains(directive + "[")) {
                return Optional.empty();
            }
        }
        return Optional.of(new ArrayList<>(byIndex.values()));
    }

    private static void putOrRemove(TreeMap<Integer, String> byIndex, int index, String value) {
        if (value == null) {
            byIndex.remove(index);
        } else {
            byIndex.put(index, value);
        }
    }

    private static List<String> lines(Path sourceDir) {
        try {
            return Files.readAllLines(sourceDir.resolve("dkms.conf"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
    }
}
