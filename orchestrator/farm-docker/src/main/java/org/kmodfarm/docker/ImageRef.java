package org.kmodfarm.docker;

/**
 * An image reference split the way the engine's API wants it: {@code registry:5000/repo:tag} becomes
 * repository {@code registry:5000/repo} and tag {@code tag}; a missing tag means {@code latest}; a digest
 * reference ({@code repo@sha256:…}) stays whole, with no tag.
 */
record ImageRef(String repository, String tag) {

    static ImageRef parse(String reference) {
        String ref = reference.strip();
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("empty image reference");
        }
        if (ref.contains("@")) {
            return new ImageRef(ref, null);
        }
        int colon = ref.lastIndexOf(':');
        // A colon before the last slash belongs to a registry's port, not to a tag.
        if (colon > ref.lastIndexOf('/')) {
            return new ImageRef(ref.substring(0, colon), ref.substring(colon + 1));
        }
        return new ImageRef(ref, "latest");
    }
}
