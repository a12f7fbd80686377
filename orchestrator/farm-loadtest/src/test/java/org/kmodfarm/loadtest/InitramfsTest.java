package org.kmodfarm.loadtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodfarm.archive.Compression;
import org.kmodfarm.archive.CpioReader;

/** The initramfs read back, the load order and the dependency names. */
class InitramfsTest {
    @Test
    void holdsBusyboxTheModulesAndAnInitThatLoadsThemInOrder() throws Exception {
        List<LoadStep> steps = List.of(new LoadStep("videodev", "videodev.ko", true),
                new LoadStep("v4l2loopback", "v4l2loopback.ko", false));
        byte[] gz = Initramfs.build(new byte[] {7}, steps, Map.of("videodev.ko", new byte[] {1},
                "v4l2loopback.ko", new byte[] {2}));
        byte[] cpio;
        try (var in = Compression.GZIP.decompress(new ByteArrayInputStream(gz))) {
            cpio = in.readAllBytes();
        }
        Map<String, CpioReader.Entry> e = CpioReader.entries(cpio);
        assertArrayEquals(new byte[] {7}, e.get("bin/busybox").content());
        assertEquals(0100755, e.get("init").mode());
        assertEquals(0020600, e.get("dev/console").mode());
        assertArrayEquals(new byte[] {2}, e.get("modules/v4l2loopback.ko").content());
        String init = new String(e.get("init").content(), StandardCharsets.UTF_8);
        assertTrue(init.startsWith("#!/bin/busybox sh\n"));
        int dep = init.indexOf("insmod /modules/videodev.ko");
        int own = init.indexOf("insmod /modules/v4l2loopback.ko");
        assertTrue(dep > 0 && own > dep, init);
        assertTrue(init.contains("rmmod v4l2loopback") && !init.contains("rmmod videodev"),
                "only the cell's own modules are removed: " + init);
        assertArrayEquals(gz, Initramfs.build(new byte[] {7}, steps, Map.of("videodev.ko", new byte[] {1},
                "v4l2loopback.ko", new byte[] {2})), "reproducible");
    }

    @Test
    void modulesComeAfterWhatTheyDependOn() {
        assertEquals(List.of("a", "c", "b", "d"), LoadOrder.of(Map.of("b", List.of("c"), "a", List.of(),
                "c", List.of("a", "builtin_one"), "d", List.of("b"))));
        assertEquals("snd_hda_codec", ModuleNames.of("kernel/sound/snd-hda-codec.ko.xz"));
    }

    @Test
    void readsModinfoFromAnElfModule() {
        byte[] modinfo = "license=GPL\0depends=videodev,v4l2-common\0name=v4l2loopback\0".getBytes(
                StandardCharsets.US_ASCII);
        ElfModinfo info = ElfModinfo.read(TinyElf.withSection(".modinfo", modinfo));
        assertEquals(new ElfModinfo("v4l2loopback", List.of("videodev", "v4l2-common")), info);
    }
}
