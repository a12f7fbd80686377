package org.kmodfarm.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKMS 3.2.2's validation messages, byte for byte (the first four are upstream's dkms_conf_test fixtures). */
class ConfReaderTest {
    private static final String OK = "PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\n";

    @TempDir
    Path dir;

    private ReadResult.Invalid invalid(String text, ReadMode mode) {
        Fixture f = new Fixture(dir, text);
        ReadResult.Invalid invalid = assertInstanceOf(ReadResult.Invalid.class, f.read(mode));
        assertEquals(List.of("", "Error! Bad conf file.",
                "File: " + f.conf + " does not represent a valid dkms.conf file."),
                invalid.messages().subList(invalid.messages().size() - 3, invalid.messages().size()));
        assertEquals(8, invalid.exitCode());
        return invalid;
    }

    private static List<String> head(ReadResult.Invalid invalid) {
        return invalid.messages().subList(0, invalid.messages().size() - 3);
    }

    @Test
    void emptyConf() {
        assertEquals(List.of("dkms.conf: Error! No 'PACKAGE_NAME' directive specified.",
                "dkms.conf: Error! No 'PACKAGE_VERSION' directive specified."), head(invalid("", ReadMode.NORMAL)));
    }

    @Test
    void invalidValues() {
        ReadResult.Invalid invalid = invalid(OK + """
                DEST_MODULE_NAME[0]="bar.ko"
                DEST_MODULE_LOCATION="/wrong/path"
                BUILT_MODULE_NAME[1]="bar.o"
                DEST_MODULE_NAME[1]="foo"
                AUTOINSTALL="maybe"
                """, ReadMode.STRICT);
        assertEquals(List.of("dkms.conf: Error! No 'BUILT_MODULE_NAME' directive specified for record #0.",
                "dkms.conf: Error! 'DEST_MODULE_NAME' directive ends in '.o' or '.ko' in record #0.",
                "dkms.conf: Error! Directive 'DEST_MODULE_LOCATION' does not begin with",
                "'/kernel', '/updates', or '/extra' in record #0.",
                "dkms.conf: Error! 'BUILT_MODULE_NAME' directive ends in '.o' or '.ko' in record #1.",
                "dkms.conf: Error! No 'DEST_MODULE_LOCATION' directive specified for record #1.",
                "dkms.conf: Error! Unsupported AUTOINSTALL value 'maybe'"), head(invalid));
    }

    @Test
    void sparseArraysGiveErrorsForTheHoles() {
        ReadResult.Invalid invalid = invalid(OK + """
                BUILT_MODULE_NAME[1]="dkms_sparse_arrays_test_1"
                DEST_MODULE_LOCATION[1]="/kernel/extra"
                BUILT_MODULE_NAME[3]="dkms_sparse_arrays_test_3"
                DEST_MODULE_LOCATION[3]="/kernel/extra"
                DEST_MODULE_LOCATION[4]="/oops"
                """, ReadMode.STRICT);
        assertEquals(List.of("dkms.conf: Error! No 'BUILT_MODULE_NAME' directive specified for record #0.",
                "dkms.conf: Error! No 'DEST_MODULE_LOCATION' directive specified for record #0.",
                "dkms.conf: Error! No 'BUILT_MODULE_NAME' directive specified for record #2.",
                "dkms.conf: Error! No 'DEST_MODULE_LOCATION' directive specified for record #2.",
                "dkms.conf: Error! No 'BUILT_MODULE_NAME' directive specified for record #4.",
                "dkms.conf: Error! Directive 'DEST_MODULE_LOCATION' does not begin with",
                "'/kernel', '/updates', or '/extra' in record #4."), head(invalid));
    }

    @Test
    void zeroModulesWarnsOnlyWhenStrict() {
        Fixture f = new Fixture(dir, OK + "AUTOINSTALL=\"yes\"\n");
        ReadResult.Valid strict = assertInstanceOf(ReadResult.Valid.class, f.read(ReadMode.STRICT));
        assertEquals(List.of("dkms.conf: Warning! Zero modules specified."), strict.messages());
        assertEquals(List.of(), f.read(ReadMode.NORMAL).messages());
    }

    @Test
    void duplicatesAreErrorsOnlyWhenStrict() {
        String text = OK + """
                BUILT_MODULE_NAME=(a a b)
                BUILT_MODULE_LOCATION=(x x/ y)
                DEST_MODULE_NAME=(a c c)
                DEST_MODULE_LOCATION=(/kernel /kernel /kernel)
                """;
        assertEquals(List.of("dkms.conf: Error! Duplicate module 'x/a' in 'BUILT_MODULE_NAME[1]'.",
                "dkms.conf: Error! Duplicate module 'c' in 'DEST_MODULE_NAME[2]'."),
                head(invalid(text, ReadMode.STRICT)));
        assertInstanceOf(ReadResult.Valid.class, new Fixture(dir, text).read(ReadMode.NORMAL));
    }

    @Test
    void lowerCaseArraysBeyondTheModulesTripTheLengthCheck() {
        assertEquals(List.of("dkms.conf: Error! Module name/location array length mismatch.",
                "dkms.conf: Error! Module name/location array length mismatch."),
                head(invalid(OK + "DEST_MODULE_LOCATION=/kernel\nbuilt_module_name[5]=x\ndest_module_location[2]=y\n",
                        ReadMode.NORMAL)));
    }

    @Test
    void yesNoDirectivesAcceptAnyCaseAndRejectTheRest() {
        assertEquals(List.of("dkms.conf: Error! Unsupported BUILD_DEPENDS_REBUILD value 'true'",
                "dkms.conf: Error! Unsupported NO_WEAK_MODULES value 'y'"),
                head(invalid(OK + "AUTOINSTALL=YeS\nBUILD_DEPENDS_REBUILD=true\nNO_WEAK_MODULES=y\n", ReadMode.NORMAL)));
    }

    @Test
    void deprecationWarningsComeBeforeTheZeroModulesWarning() {
        Fixture f = new Fixture(dir, OK + "CLEAN='make clean'\nMODULES_CONF_ALIAS_TYPE[1]=eth\n");
        assertEquals(List.of("Deprecated feature: CLEAN (" + f.conf + ")",
                "Deprecated feature: MODULES_CONF_ALIAS_TYPE (" + f.conf + ")",
                "dkms.conf: Warning! Zero modules specified."), f.read(ReadMode.STRICT).messages());
    }

    @Test
    void dkmsConfStderrComesFirst() {
        ReadResult.Invalid invalid = invalid("echo oops >&2\n", ReadMode.NORMAL);
        assertEquals("oops", invalid.messages().get(0));
    }

    @Test
    void missingConfExitsFour() {
        Fixture f = new Fixture(dir, "");
        f.context = EvaluationContext.defaults(dir + "/nope/dkms.conf", "foo", "1.0", "k", "a")
                .withWorkingDirectory(dir.toString());
        ReadResult.Invalid invalid = assertInstanceOf(ReadResult.Invalid.class, f.read(ReadMode.NORMAL));
        assertEquals(List.of("", "Error! Could not locate dkms.conf file.",
                "File: " + dir + "/nope/dkms.conf does not exist."), invalid.messages());
        assertEquals(4, invalid.exitCode());
    }

    @Test
    void exitInSecondExpansionExitsLikeDkms() {
        ReadResult.Invalid invalid = assertInstanceOf(ReadResult.Invalid.class,
                new Fixture(dir, OK + "POST_ADD='\"; exit 7; \"'\n").read(ReadMode.NORMAL));
        assertEquals(7, invalid.exitCode());
    }
}
