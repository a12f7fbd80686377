package org.kmodfarm.packaging.rpm;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One RPM header structure (the signature header and the main header share it): magic, index entries sorted by
 * tag, then the data store, wrapped in an immutable region whose tag comes first and whose trailer closes the
 * data, as rpm 4.x writes and verifies it. Big-endian throughout. Not thread-safe.
 */
final class RpmHeader {
    private static final byte[] MAGIC = {(byte) 0x8e, (byte) 0xad, (byte) 0xe8, 0x01, 0, 0, 0, 0};
    private static final int ENTRY = 16;

    /** RPM's data types (rpmtag.h) and the alignment each needs in the data store. */
    enum Type {
        INT16(3, 2), INT32(4, 4), STRING(6, 1), BIN(7, 1), STRING_ARRAY(8, 1), I18NSTRING(9, 1);

        final int code;
        final int alignment;

        Type(int code, int alignment) {
            this.code = code;
            this.alignment = alignment;
        }
    }

    private record Entry(Type type, int count, byte[] data) {
    }

    private final SortedMap<Integer, Entry> entries = new TreeMap<>();

    RpmHeader string(int tag, String value) {
        return put(tag, Type.STRING, 1, nulTerminated(List.of(value)));
    }

    /** A translatable string; only the "C" locale is written (the header's I18N table holds just that). */
    RpmHeader i18n(int tag, String value) {
        return put(tag, Type.I18NSTRING, 1, nulTerminated(List.of(value)));
    }

    RpmHeader strings(int tag, List<String> values) {
        return put(tag, Type.STRING_ARRAY, values.size(), nulTerminated(values));
    }

    RpmHeader int32(int tag, List<Integer> values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.size());
        values.forEach(b::putInt);
        return put(tag, Type.INT32, values.size(), b.array());
    }

    RpmHeader int32(int tag, int value) {
        return int32(tag, List.of(value));
    }

    RpmHeader int16(int tag, List<Integer> values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.size());
        values.forEach(v -> b.putShort((short) (int) v));
        return put(tag, Type.INT16, values.size(), b.array());
    }

    RpmHeader bin(int tag, byte[] value) {
        return put(tag, Type.BIN, value.length, value.clone());
    }

    private RpmHeader put(int tag, Type type, int count, byte[] data) {
        if (count == 0) {
            throw new IllegalArgumentException("RPM header entries need at least one value (tag " + tag + ")");
        }
        entries.put(tag, new Entry(type, count, data));
        return this;
    }

    /**
     * The header's bytes. The first index entry is {@code regionTag} (62 for the signature header, 63 for the
     * main one); its 16 bytes at the end of the data store say that the region spans every entry.
     */
    byte[] toBytes(int regionTag) {
        int il = entries.size() + 1;
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer index = ByteBuffer.allocate(il * ENTRY);
        index.position(ENTRY);
        for (var e : entries.entrySet()) {
            Entry entry = e.getValue();
            while (data.size() % entry.type().alignment != 0) {
                data.write(0);
            }
            index.putInt(e.getKey()).putInt(entry.type().code).putInt(data.size()).putInt(entry.count());
            data.writeBytes(entry.data());
        }
        int trailerOffset = data.size();
        data.writeBytes(ByteBuffer.allocate(ENTRY).putInt(regionTag).putInt(Type.BIN.code).putInt(-il * ENTRY)
                .putInt(ENTRY).array());
        index.position(0);
        index.putInt(regionTag).putInt(Type.BIN.code).putInt(trailerOffset).putInt(ENTRY);
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 8 + il * ENTRY + data.size());
        out.put(MAGIC).putInt(il).putInt(data.size()).put(index.array()).put(data.toByteArray());
        return out.array();
    }

    private static byte[] nulTerminated(List<String> values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            if (v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("RPM header strings cannot hold NUL: '" + v + "'");
            }
            b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        }
        return b.toByteArray();
    }
}
