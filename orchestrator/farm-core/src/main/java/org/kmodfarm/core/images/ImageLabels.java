package org.kmodfarm.core.images;

/** The labels kmodfarm puts on its images, so listing and pruning touch only ours. */
public final class ImageLabels {
    /** Present on every kmodfarm image: {@code rootfs}, {@code base} or {@code builder}. */
    public static final String KIND = "kmodfarm.kind";
    public static final String DISTRO = "kmodfarm.distro";
    public static final String RELEASE = "kmodfarm.release";
    public static final String ARCH = "kmodfarm.arch";
    public static final String KERNEL = "kmodfarm.kernel";
    public static final String HEADERS = "kmodfarm.headers";
    public static final String COMPILER = "kmodfarm.compiler";
    public static final String SOURCE = "kmodfarm.source";
    public static final String RECIPE = "kmodfarm.recipe";

    private ImageLabels() {
    }
}
