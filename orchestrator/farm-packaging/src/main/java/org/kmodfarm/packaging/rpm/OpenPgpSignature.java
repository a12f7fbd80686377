package org.kmodfarm.packaging.rpm;

/**
 * What rpm needs to know of a signer's output before storing it: a version 4 OpenPGP signature packet (RFC 4880
 * 5.2.3) and the signature tag its public key algorithm goes under, as rpmsign chooses it: RSA keys in
 * RPMSIGTAG_RSA (268), DSA, ECDSA and EdDSA keys in RPMSIGTAG_DSA (267).
 *
 * @param publicKeyAlgorithm RFC 4880's number: 1 RSA, 17 DSA, 19 ECDSA, 22 EdDSA
 * @param hashAlgorithm      RFC 4880's number: 8 SHA-256, 10 SHA-512…
 */
record OpenPgpSignature(int publicKeyAlgorithm, int hashAlgorithm) {
    static final int RSAHEADER = 268;
    static final int DSAHEADER = 267;
    private static final int SIGNATURE_PACKET = 2;

    /**
     * Reads the first packet's header and the fixed fields of its body.
     *
     * @throws IllegalArgumentException for anything but a version 4 signature packet of a known key algorithm
     */
    static OpenPgpSignature parse(byte[] packet) {
        if (packet.length < 8 || (packet[0] & 0x80) == 0) {
            throw new IllegalArgumentException("not an OpenPGP packet (" + packet.length + " bytes)");
        }
        int first = packet[0] & 0xff;
        boolean newFormat = (first & 0x40) != 0;
        int tag = newFormat ? first & 0x3f : (first >> 2) & 0x0f;
        if (tag != SIGNATURE_PACKET) {
            throw new IllegalArgumentException("OpenPGP packet of tag " + tag + ", not a signature (2)");
        }
        int body = newFormat ? 1 + newLengthOctets(packet[1] & 0xff) : 1 + oldLengthOctets(first & 0x03);
        if (packet.length < body + 4) {
            throw new IllegalArgumentException("OpenPGP signature packet cut short (" + packet.length + " bytes)");
        }
        int version = packet[body] & 0xff;
        if (version != 4) {
            throw new IllegalArgumentException("OpenPGP signature of version " + version + "; rpm reads version 4");
        }
        OpenPgpSignature s = new OpenPgpSignature(packet[body + 2] & 0xff, packet[body + 3] & 0xff);
        s.tag();
        return s;
    }

    /** The signature header tag rpm looks for this key algorithm's signature under. */
    int tag() {
        return switch (publicKeyAlgorithm) {
            case 1, 2, 3 -> RSAHEADER;
            case 17, 19, 22 -> DSAHEADER;
            default -> throw new IllegalArgumentException("OpenPGP public key algorithm " + publicKeyAlgorithm
                    + " has no RPM signature tag (RSA, DSA, ECDSA and EdDSA have)");
        };
    }

    private static int newLengthOctets(int firstOctet) {
        if (firstOctet < 192) {
            return 1;
        }
        if (firstOctet < 224) {
            return 2;
        }
        if (firstOctet == 255) {
            return 5;
        }
        throw new IllegalArgumentException("OpenPGP signature packet of partial length");
    }

    private static int oldLengthOctets(int lengthType) {
        return switch (lengthType) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 4;
            default -> throw new IllegalArgumentException("OpenPGP signature packet of indeterminate length");
        };
    }
}
