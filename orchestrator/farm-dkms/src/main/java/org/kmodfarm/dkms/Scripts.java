package org.kmodfarm.dkms;

import java.util.Objects;

/**
 * The hook scripts (element 0 of each directive, empty when unset): a command line whose first word is a
 * path relative to the source (or, for the build hooks, the build) directory.
 */
public record Scripts(String preBuild, String postBuild, String postAdd, String preInstall, String postInstall,
        String postRemove) {
    public Scripts {
        Objects.requireNonNull(preBuild, "preBuild");
        Objects.requireNonNull(postBuild, "postBuild");
        Objects.requireNonNull(postAdd, "postAdd");
        Objects.requireNonNull(preInstall, "preInstall");
        Objects.requireNonNull(postInstall, "postInstall");
        Objects.requireNonNull(postRemove, "postRemove");
    }

    static Scripts of(Evaluation.Sourced e) {
        return new Scripts(e.get("PRE_BUILD").scalar(), e.get("POST_BUILD").scalar(), e.get("POST_ADD").scalar(),
                e.get("PRE_INSTALL").scalar(), e.get("POST_INSTALL").scalar(), e.get("POST_REMOVE").scalar());
    }
}
