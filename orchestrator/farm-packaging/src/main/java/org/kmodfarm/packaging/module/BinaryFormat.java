package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.time.Instant;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.PackageWriter;
import org.kmodfarm.packaging.deb.DebWriter;

/** The formats of binary module packages: how a BUILT cell becomes a spec, and who writes it. */
public enum BinaryFormat {
    DEB(BinaryModuleDebs::spec),
    RPM(BinaryModuleRpms::spec),
    /** SUSE's Kernel Module Packages: RPMs too, laid out and related as SUSE's KMP template makes them. */
    KMP(SuseKmps::spec);

    /** Makes the spec of one BUILT cell's package. */
    @FunctionalInterface
    interface Layout {
        PackageSpec spec(ModuleBuilds builds, CellResult cell, String maintainer, Instant time) throws IOException;
    }

    private static final DebWriter DEBS = new DebWriter();
    private final Layout layout;

    BinaryFormat(Layout layout) {
        this.layout = layout;
    }

    /** Who writes this format's packages; RPMs are signed when {@code options} name a signer. */
    PackageWriter writer(PackagingOptions options) {
        return this == DEB ? DEBS : options.rpmWriter();
    }

    Layout layout() {
        return layout;
    }
}
