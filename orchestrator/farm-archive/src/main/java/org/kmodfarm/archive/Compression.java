package org.kmodfarm.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * The stream compressions of package repositories, packages and source tarballs, chosen by file name
 * suffix or recognised by their first bytes.
 *
 * <p>{@link #ZSTD} is recognised but not decoded: commons-compress decodes zstd only through the native
 * zstd-jni library, which kmodfarm does not ship. Callers check {@link #supported()} and tell the user.
 */
public enum Compression {
    NONE("", new byte[0]),
    GZIP(".gz", new byte[] {0x1f, (byte) 0x8b}),
    XZ(".xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}),
    ZSTD(".zst", new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd});

    private final String suffix;
    private final byte[] magic;

    Compression(String suffix, byte[] magic) {
        this.suffix = suffix;
        this.magic = magic;
    }

    public String suffix() {
        return suffix;
    }

    public static Compression ofFileName(String name) {
        for (Compression c : values()) {
            if (c != NONE && name.endsWith(c.suffix)) {
                return c;
            }
        }
        return NONE;
    }

    /** The compression whose magic number starts {@code head}; {@link #NONE} when none does. */
    public static Compression ofMagic(byte[] head) {
        for (Compression c : values()) {
            if (c != NONE && head.length >= c.magic.length
                    && Arrays.equals(head, 0, c.magic.length, c.magic, 0, c.magic.length)) {
                return c;
            }
        }
        return NONE;
    }

    /** Whether {@link #decompress} can read this compression; false only for {@link #ZSTD}. */
    public boolean supported() {
        return this != ZSTD;
    }

    /**
     * Wraps {@code in} so it reads decompressed bytes; closing the result closes {@code in}.
     *
     * @throws IOException for {@link #ZSTD}, which is not {@link #supported()}
     */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            // concatenated members are one stream to gzip(1), so they are here
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case XZ -> new XZCompressorInputStream(in);
            case ZSTD -> throw unsupported();
        };
    }

    /**
     * {@code content} compressed in memory (reproducibly: gzip carries no name and no time).
     *
     * @throws java.io.UncheckedIOException for {@link #ZSTD}, which is not {@link #supported()}
     */
    public byte[] compress(byte[] content) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = compress(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot compress in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Wraps {@code out} so what is written to the result arrives compressed; closing it finishes the stream.
     *
     * @throws IOException for {@link #ZSTD}, which is not {@link #supported()}
     */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case XZ -> new XZCompressorOutputStream(out);
            case GZIP -> gzip(out);
            case ZSTD -> throw unsupported();
        };
    }

    /**
     * As {@code gzip -9n}: no name, time stamp 0, and the best-compression flag, which tools (file, lintian)
     * read to tell a maximally compressed file.
     */
    private static OutputStream gzip(OutputStream out) throws IOException {
        GzipParameters p = new GzipParameters();
        p.setCompressionLevel(Deflater.BEST_COMPRESSION);
        p.setModificationTime(0);
        return new GzipCompressorOutputStream(out, p);
    }

    private static IOException unsupported() {
        return new IOException("zstd compression is not supported (commons-compress needs the native zstd-jni "
                + "library for it, which kmodfarm does not include)");
    }
}
