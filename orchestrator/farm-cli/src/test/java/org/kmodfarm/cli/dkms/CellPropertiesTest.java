package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CellPropertiesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheKeysInAFixedOrderWithoutADate() {
        assertEquals("name=kmodfarm_hello\nversion=1.0\nstage=build\nstatus=0\ncompression=.xz\nlog.bytes=1234\n"
                + "log.capped=false\n", new CellProperties("kmodfarm_hello", "1.0", CellProperties.Stage.BUILD, 0,
                        ".xz", 1234, false).text());
    }

    @Test
    void theFileReadsBackWithJavaProperties() throws IOException {
        String odd = " lead=colon:hash#bang!\\tab\tnewline\nü€";
        new CellProperties(odd, "", CellProperties.Stage.ADD, 77, "", 0, true).writeTo(dir);
        Properties read = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(CellProperties.FILE))) {
            read.load(in);
        }
        assertEquals(odd, read.getProperty("name"));
        assertEquals("", read.getProperty("version"));
        assertEquals("add", read.getProperty("stage"));
        assertEquals("77", read.getProperty("status"));
        assertEquals("true", read.getProperty("log.capped"));
        assertEquals(7, read.size());
    }

    @Test
    void leavesNoTemporaryFileBehind() throws IOException {
        new CellProperties("m", "1", CellProperties.Stage.BUILD, 10, "", 5, false).writeTo(dir);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(CellProperties.FILE), files.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Files.exists(dir.resolve("." + CellProperties.FILE + ".tmp")));
    }
}
