package org.kmodfarm.model;

import java.util.regex.Pattern;

/** A kernel release string as {@code uname -r} prints it, e.g. {@code 6.1.0-47-amd64}. */
public record KernelRelease(String value) implements Comparable<KernelRelease> {
    private static final Pattern FORM = Pattern.compile("\\d+\\.\\d+[0-9A-Za-z.+~_-]*");

    public KernelRelease {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("not a kernel release: '" + value
                    + "' (expected the form uname -r prints, e.g. 6.1.0-47-amd64)");
        }
    }

    public static KernelRelease parse(String value) {
        return new KernelRelease(value);
    }

    /** Orders by Debian version rules, so 6.1.0-9 sorts before 6.1.0-47. */
    @Override
    public int compareTo(KernelRelease other) {
        return DebianVersion.compareFragments(value, other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
