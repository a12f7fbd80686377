package org.kmodfarm.core.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.testkit.TestFiles;

class DeclaredDirectivesTest {
    @TempDir
    Path dir;

    private Path conf(String text) {
        TestFiles.write(dir.resolve("dkms.conf"), text);
        return dir;
    }

    @Test
    void literalScalarsAreReadAndComputedOnesAreNotGuessed() {
        Path d = conf("PACKAGE_NAME=\"hello\"\nAUTOINSTALL=yes # comment\nPACKAGE_VERSION=\"$(date)\"\n");
        assertEquals(Optional.of("hello"), DeclaredDirectives.read(d, "PACKAGE_NAME"));
        assertEquals(Optional.of("yes"), DeclaredDirectives.read(d, "AUTOINSTALL"));
        assertEquals(Optional.empty(), DeclaredDirectives.read(d, "PACKAGE_VERSION"));
        assertEquals(Optional.empty(), DeclaredDirectives.read(d, "MISSING"));
    }

    @Test
    void arrayWordsComeInIndexOrderFromEveryLiteralForm() {
        assertEquals(Optional.of(List.of("a", "b")), DeclaredDirectives.words(conf(
                "BUILD_DEPENDS[1]=\"b\"\nBUILD_DEPENDS[0]='a'\n"), "BUILD_DEPENDS"));
        assertEquals(Optional.of(List.of("x", "y-z")), DeclaredDirectives.words(conf(
                "BUILD_DEPENDS=(\"x\" y-z)\n"), "BUILD_DEPENDS"));
        assertEquals(Optional.of(List.of("only")), DeclaredDirectives.words(conf("BUILD_DEPENDS=only\n"),
                "BUILD_DEPENDS"));
        assertEquals(Optional.of(List.of()), DeclaredDirectives.words(conf("PACKAGE_NAME=x\n"), "BUILD_DEPENDS"));
    }

    @Test
    void anArrayTheShellWouldComputeIsUnknown() {
        assertEquals(Optional.empty(), DeclaredDirectives.words(conf("BUILD_DEPENDS[0]=\"$dep\"\n"),
                "BUILD_DEPENDS"));
        assertEquals(Optional.empty(), DeclaredDirectives.words(conf("BUILD_DEPENDS=($(ls))\n"), "BUILD_DEPENDS"));
    }
}
