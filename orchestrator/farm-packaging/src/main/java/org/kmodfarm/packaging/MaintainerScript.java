package org.kmodfarm.packaging;

/** The scripts a package manager runs around installing and removing a package, named as dpkg names them. */
public enum MaintainerScript {
    PREINST, POSTINST, PRERM, POSTRM;

    /** The script's file name in a Debian package's control archive. */
    public String debianName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
