package org.kmodfarm.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.junit.jupiter.api.Test;

class ArReaderTest {

    private static byte[] ar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArArchiveOutputStream out = new ArArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                out.putArchiveEntry(new ArArchiveEntry(namesAndContents[i], content.length));
                out.write(content);
                out.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static final byte[] DEB_LIKE;

    static {
        try {
            DEB_LIKE = ar("debian-binary", "2.0\n", "control.tar.xz", "ctl", "data.tar.xz", "odd-length data");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void listsMembersInOrder() throws IOException {
        assertEquals(List.of("debian-binary", "control.tar.xz", "data.tar.xz"),
                ArReader.names(new ByteArrayInputStream(DEB_LIKE)));
    }

    @Test
    void readsTheFirstMatchingMember() throws IOException {
        Optional<String> data = ArReader.read(new ByteArrayInputStream(DEB_LIKE), n -> n.startsWith("data.tar."),
                (name, in) -> name + "=" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(Optional.of("data.tar.xz=odd-length data"), data);
    }

    @Test
    void emptyWhenNoMemberMatches() throws IOException {
        assertTrue(ArReader.read(new ByteArrayInputStream(DEB_LIKE), n -> n.equals("nope"), (n, in) -> n).isEmpty());
    }

    @Test
    void recognisesItsMagic() {
        assertTrue(ArReader.hasMagic(DEB_LIKE));
        assertFalse(ArReader.hasMagic("!<arch".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesWhatIsNotAnArchive() {
        IOException e = assertThrows(IOException.class,
                () -> ArReader.names(new ByteArrayInputStream("hello, world".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("not an ar archive"), e.getMessage());
    }

    @Test
    void refusesATruncatedArchive() {
        byte[] cut = Arrays.copyOf(DEB_LIKE, DEB_LIKE.length - 20);
        assertThrows(IOException.class, () -> ArReader.read(new ByteArrayInputStream(cut),
                n -> n.startsWith("data"), (n, in) -> in.readAllBytes()));
    }
}
