package org.kmodfarm.kubernetes;

import java.util.Map;
import java.util.TreeMap;

/**
 * Kubernetes allows fewer characters in label values than Docker does (a kernel release like
 * {@code 6.12.95+deb12-amd64} has a {@code +}): values are made valid for selection and kept whole in annotations.
 */
final class Labels {
    private static final int MAX = 63;

    private Labels() {
    }

    static Map<String, String> sanitised(Map<String, String> labels) {
        Map<String, String> valid = new TreeMap<>();
        labels.forEach((key, value) -> valid.put(key, value(value)));
        return valid;
    }

    static Map<String, String> originals(Map<String, String> labels) {
        return new TreeMap<>(labels);
    }

    /** At most 63 of {@code [A-Za-z0-9._-]}, beginning and ending with a letter or digit, or empty. */
    static String value(String value) {
        String v = value.replaceAll("[^A-Za-z0-9._-]", "_");
        if (v.length() > MAX) {
            v = v.substring(0, MAX);
        }
        return v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
