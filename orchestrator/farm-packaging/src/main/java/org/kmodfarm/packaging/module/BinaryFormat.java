package org.kmodfarm.packaging.module;

import java.io.IOException;
import java.time.Instant;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.packaging.PackageSpec;
import org.kmodfarm.packaging.PackageWriter;
import org.kmodfarm.packaging.deb.DebWriter;
import org.kmodfarm.packaging.rpm.RpmWriter;

/** The formats of binary module packages: how a BUILT cell becomes a spec, and who writes it. */
public enum BinaryFormat {
    DEB(new DebWriter(), BinaryModuleDebs::spec),
    RPM(new RpmWriter(), BinaryModuleRpms::spec),
    /** SUSE's Kernel Module Packages: RPMs too, laid out and related as SUSE's KMP template makes them. */
    KMP(new RpmWriter(), SuseKmps::spec);

    /** Makes the spec of one BUILT cell's package. */
    @FunctionalInterface
    interface Layout {
        PackageSpec spec(ModuleBuilds builds, CellResult cell, String maintainer, Instant time) throws IOException;
    }

    private final PackageWriter writer;
    private final Layout layout;

    BinaryFormat(PackageWriter writer, Layout layout) {
        this.writer = writer;
        this.layout = layout;
    }

    PackageWriter writer() {
        return writer;
    }

    Layout layout() {
        return layout;
    }
}
