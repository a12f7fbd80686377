package org.kmodfarm.packaging.module;

/** What a driver update disk is written as. */
public enum DiskMedia {
    /** An ISO 9660 image (through xorriso), for a CD, a USB stick or a virtual machine's drive. */
    ISO,
    /** A gzipped tar of the same tree, to unpack onto any medium. */
    TAR
}
