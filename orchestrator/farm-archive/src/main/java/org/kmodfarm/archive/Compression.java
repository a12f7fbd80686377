package org.kmodfarm.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** The stream compressions of package repositories and packages, chosen by file name suffix. */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    XZ(".xz");

    private final String suffix;

    Compression(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }

    public static Compression ofFileName(String name) {
        if (name.endsWith(".xz")) {
            return XZ;
        }
        return name.endsWith(".gz") ? GZIP : NONE;
    }

    /** Wraps {@code in} so it reads decompressed bytes; closing the result closes {@code in}. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GzipCompressorInputStream(in, true);
            case XZ -> new XZCompressorInputStream(in);
        };
    }

    /** Wraps {@code out} so what is written to the result arrives compressed; closing it finishes the stream. */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case XZ -> new XZCompressorOutputStream(out);
            case GZIP -> new java.util.zip.GZIPOutputStream(out);
        };
    }
}
