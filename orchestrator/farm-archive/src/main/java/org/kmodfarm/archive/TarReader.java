package org.kmodfarm.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads the regular files of a tar archive into memory, refusing names that would escape a directory. */
public final class TarReader {
    private TarReader() {
    }

    /** Regular files by entry name (sorted); directories and links are left out. */
    public static Map<String, byte[]> files(byte[] tar) throws IOException {
        return files(new ByteArrayInputStream(tar));
    }

    public static Map<String, byte[]> files(InputStream in) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = e.getName();
            if (name.startsWith("/") || name.equals("..") || name.startsWith("../") || name.contains("/../")) {
                throw new IOException("unsafe entry in tar: '" + name + "'");
            }
            if (e.isFile()) {
                files.put(name.startsWith("./") ? name.substring(2) : name, tar.readAllBytes());
            }
        }
        return files;
    }
}
