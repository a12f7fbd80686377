package org.kmodfarm.dkms.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSuffixTest {
    @TempDir
    Path dir;

    private String fromConfig(String text) throws IOException {
        Path config = dir.resolve(".config");
        Files.writeString(config, text);
        return ModuleSuffix.fromKernelConfig(config).compressed();
    }

    @Test
    void eachCompressionChoiceGivesItsSuffix() throws IOException {
        assertEquals(".zst", fromConfig("CONFIG_MODULES=y\nCONFIG_MODULE_COMPRESS=y\nCONFIG_MODULE_COMPRESS_ZSTD=y\n"));
        assertEquals(".xz", fromConfig("CONFIG_MODULE_COMPRESS_XZ=y\n"));
        assertEquals(".gz", fromConfig("CONFIG_MODULE_COMPRESS_GZIP=y\n"));
    }

    @Test
    void noCompressionWhenTheConfigAsksForNone() throws IOException {
        assertEquals("", fromConfig("CONFIG_MODULE_COMPRESS_NONE=y\n# CONFIG_MODULE_COMPRESS_XZ is not set\n"));
        assertEquals("", fromConfig("# CONFIG_MODULE_COMPRESS_ZSTD is not set\nCONFIG_MODULE_COMPRESS_ZSTD_LEVEL=3\n"));
        assertEquals("", fromConfig(""));
    }

    @Test
    void zstdWinsLikeDetectWhenSeveralAreSet() throws IOException {
        assertEquals(".zst", fromConfig("CONFIG_MODULE_COMPRESS_GZIP=y\nCONFIG_MODULE_COMPRESS_ZSTD=y\n"));
    }

    @Test
    void aMissingConfigMeansNoCompression() {
        assertEquals("", ModuleSuffix.fromKernelConfig(dir.resolve("no/such/.config")).compressed());
    }
}
