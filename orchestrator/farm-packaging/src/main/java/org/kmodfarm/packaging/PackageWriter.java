package org.kmodfarm.packaging;

/**
 * Turns a {@link PackageSpec} into the bytes of one package file of some format (.deb, later .rpm). The
 * same spec always gives the same bytes: every time stamp comes from {@link PackageSpec#time()}, entries are
 * sorted, owners are root. Implementations are stateless and thread-safe.
 */
public interface PackageWriter {
    /** The file name the format's tools expect for this package, e.g. {@code NAME_VERSION_ARCH.deb}. */
    String fileName(PackageSpec spec);

    /** The package's bytes. */
    byte[] write(PackageSpec spec);
}
