package org.kmodfarm.model;

import java.util.Objects;

/**
 * A Debian package version ({@code [epoch:]upstream[-revision]}), ordered exactly as dpkg orders them
 * (deb-version(7)): {@code ~} sorts before everything, digits compare numerically, letters before
 * other characters.
 */
public record DebianVersion(String value) implements Comparable<DebianVersion> {
    public DebianVersion {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not a Debian version: '" + value + "'");
        }
    }

    @Override
    public int compareTo(DebianVersion o) {
        int c = Long.compare(epoch(), o.epoch());
        if (c != 0) {
            return c;
        }
        c = compareFragments(upstream(), o.upstream());
        return c != 0 ? c : compareFragments(revision(), o.revision());
    }

    private long epoch() {
        int colon = value.indexOf(':');
        return colon < 0 ? 0 : Long.parseLong(value.substring(0, colon));
    }

    private String upstream() {
        String s = value.substring(value.indexOf(':') + 1);
        int dash = s.lastIndexOf('-');
        return dash < 0 ? s : s.substring(0, dash);
    }

    private String revision() {
        String s = value.substring(value.indexOf(':') + 1);
        int dash = s.lastIndexOf('-');
        return dash < 0 ? "" : s.substring(dash + 1);
    }

    /** dpkg's verrevcmp: alternating non-digit and digit runs. */
    static int compareFragments(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i)))
                    || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return ac - bc;
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && Character.isDigit(a.charAt(i))
                    && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return firstDiff;
            }
        }
        return 0;
    }

    private static int order(char c) {
        if (Character.isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    @Override
    public String toString() {
        return value;
    }
}
