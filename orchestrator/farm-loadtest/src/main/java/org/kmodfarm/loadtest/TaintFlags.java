package org.kmodfarm.loadtest;

/** The kernel's letters for the bits of {@code /proc/sys/kernel/tainted} (Documentation/admin-guide/tainted-kernels). */
public final class TaintFlags {
    private static final String LETTERS = "PFSRMBUDAWCIOELKXTNJ";
    /** D: the kernel died (an oops or BUG). */
    static final long DIED = 1L << 7;
    /** W: a WARNING was issued. */
    static final long WARNED = 1L << 9;

    private TaintFlags() {
    }

    /** {@code 12288} becomes {@code OE}; unknown bits become their number in brackets; -1 (unknown) is empty. */
    public static String letters(long taint) {
        if (taint <= 0) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (int bit = 0; bit < 63; bit++) {
            if ((taint & (1L << bit)) != 0) {
                s.append(bit < LETTERS.length() ? String.valueOf(LETTERS.charAt(bit)) : "[" + bit + "]");
            }
        }
        return s.toString();
    }
}
