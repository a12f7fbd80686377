package org.kmodfarm.packaging.rpm;

/** The header tags kmodfarm writes, numbered as rpm's rpmtag.h numbers them. */
final class RpmTags {
    static final int HEADERSIGNATURES = 62;
    static final int HEADERIMMUTABLE = 63;
    static final int HEADERI18NTABLE = 100;

    // signature header
    static final int SIG_SHA1 = 269;
    static final int SIG_SHA256 = 273;
    static final int SIG_SIZE = 1000;
    static final int SIG_MD5 = 1004;
    static final int SIG_PAYLOADSIZE = 1007;

    // main header
    static final int NAME = 1000;
    static final int VERSION = 1001;
    static final int RELEASE = 1002;
    static final int SUMMARY = 1004;
    static final int DESCRIPTION = 1005;
    static final int BUILDTIME = 1006;
    static final int BUILDHOST = 1007;
    static final int SIZE = 1009;
    static final int LICENSE = 1014;
    static final int PACKAGER = 1015;
    static final int GROUP = 1016;
    static final int OS = 1021;
    static final int ARCH = 1022;
    static final int PREIN = 1023;
    static final int POSTIN = 1024;
    static final int PREUN = 1025;
    static final int POSTUN = 1026;
    static final int FILESIZES = 1028;
    static final int FILEMODES = 1030;
    static final int FILERDEVS = 1033;
    static final int FILEMTIMES = 1034;
    static final int FILEDIGESTS = 1035;
    static final int FILELINKTOS = 1036;
    static final int FILEFLAGS = 1037;
    static final int FILEUSERNAME = 1039;
    static final int FILEGROUPNAME = 1040;
    static final int SOURCERPM = 1044;
    static final int FILEVERIFYFLAGS = 1045;
    static final int PROVIDENAME = 1047;
    static final int CONFLICTFLAGS = 1053;
    static final int CONFLICTNAME = 1054;
    static final int CONFLICTVERSION = 1055;
    static final int REQUIREFLAGS = 1048;
    static final int REQUIRENAME = 1049;
    static final int REQUIREVERSION = 1050;
    static final int PREINPROG = 1085;
    static final int POSTINPROG = 1086;
    static final int PREUNPROG = 1087;
    static final int POSTUNPROG = 1088;
    static final int FILEDEVICES = 1095;
    static final int FILEINODES = 1096;
    static final int FILELANGS = 1097;
    static final int PROVIDEFLAGS = 1112;
    static final int PROVIDEVERSION = 1113;
    static final int DIRINDEXES = 1116;
    static final int BASENAMES = 1117;
    static final int DIRNAMES = 1118;
    static final int PAYLOADFORMAT = 1124;
    static final int PAYLOADCOMPRESSOR = 1125;
    static final int PAYLOADFLAGS = 1126;
    static final int FILEDIGESTALGO = 5011;
    // weak dependencies (rpm >= 4.12): each is name, version, flags, in rpmtag.h's order
    static final int SUPPLEMENTNAME = 5052;
    static final int SUPPLEMENTVERSION = 5053;
    static final int SUPPLEMENTFLAGS = 5054;
    static final int ENHANCENAME = 5055;
    static final int ENHANCEVERSION = 5056;
    static final int ENHANCEFLAGS = 5057;
    static final int PAYLOADDIGEST = 5092;
    static final int PAYLOADDIGESTALGO = 5093;

    /** Dependency flags (rpmds.h). */
    static final int SENSE_LESS = 0x02;
    static final int SENSE_EQUAL = 0x08;
    static final int SENSE_RPMLIB = 1 << 24;

    /** PGP hash algorithm number of SHA-256, used for file and payload digests. */
    static final int DIGEST_SHA256 = 8;

    private RpmTags() {
    }
}
