package org.kmodfarm.packaging.rpm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RpmSigningTest {
    /** SHA-256 of the unsigned package of {@code RpmWriterTest.spec("1.0")}, as written before signing existed. */
    private static final String UNSIGNED_SHA256 = "94e678a6d031315818fc1ef74d4b6fde169d190854f78a092fa449cbed7bef87";

    /** Answers a made-up version 4 signature packet of the given key algorithm, and records what it was asked. */
    static final class FakeSigner implements RpmSigner {
        final List<byte[]> signed = new ArrayList<>();
        final List<Instant> times = new ArrayList<>();
        private final int algorithm;

        FakeSigner(int algorithm) {
            this.algorithm = algorithm;
        }

        @Override
        public byte[] sign(byte[] header, Instant time) {
            signed.add(header.clone());
            times.add(time);
            // old-format packet, tag 2, one length octet; version 4, binary document, algorithm, SHA-256, a body
            return new byte[] {(byte) 0x88, 9, 4, 0, (byte) algorithm, 8, 'f', 'a', 'k', 'e', (byte) header.length};
        }
    }

    /** A signature header's BIN entry by tag, empty when absent. */
    static Optional<byte[]> bin(byte[] rpm, int tag) {
        ByteBuffer b = ByteBuffer.wrap(rpm);
        int il = b.getInt(96 + 8);
        int data = 96 + 16 + il * 16;
        for (int i = 0; i < il; i++) {
            int e = 96 + 16 + i * 16;
            if (b.getInt(e) == tag) {
                assertEquals(7, b.getInt(e + 4), "BIN");
                int offset = b.getInt(e + 8);
                return Optional.of(Arrays.copyOfRange(rpm, data + offset, data + offset + b.getInt(e + 12)));
            }
        }
        return Optional.empty();
    }

    /** Where the main header starts: after the signature header and its padding to 8 bytes. */
    static int mainStart(byte[] rpm) {
        int end = RpmWriterTest.read(rpm, 96).end();
        return end + (8 - end % 8) % 8;
    }

    @Test
    void unsignedOutputIsWhatItWasBeforeSigningByteForByte() throws Exception {
        byte[] rpm = new RpmWriter().write(RpmWriterTest.spec("1.0"));
        assertEquals(UNSIGNED_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(rpm)));
        assertFalse(bin(rpm, OpenPgpSignature.RSAHEADER).isPresent());
        assertFalse(bin(rpm, OpenPgpSignature.DSAHEADER).isPresent());
    }

    @Test
    void theSignerSignsExactlyTheMainHeaderAndItsSignatureLandsInTheRsaTag() {
        FakeSigner signer = new FakeSigner(1);
        byte[] unsigned = new RpmWriter().write(RpmWriterTest.spec("1.0"));
        byte[] signed = new RpmWriter(signer).write(RpmWriterTest.spec("1.0"));
        int u = mainStart(unsigned);
        int s = mainStart(signed);
        assertArrayEquals(Arrays.copyOfRange(unsigned, u, unsigned.length), Arrays.copyOfRange(signed, s,
                signed.length), "main header and payload unchanged");
        byte[] header = Arrays.copyOfRange(unsigned, u, RpmWriterTest.read(unsigned, u).end());
        assertEquals(1, signer.signed.size());
        assertArrayEquals(header, signer.signed.get(0), "the header region, magic included, as rpm digests it");
        assertEquals(List.of(RpmWriterTest.TIME), signer.times, "signed at the package's time");
        assertArrayEquals(new FakeSigner(1).sign(header, RpmWriterTest.TIME), bin(signed, 268).orElseThrow());
        assertFalse(bin(signed, OpenPgpSignature.DSAHEADER).isPresent());
        assertArrayEquals(Arrays.copyOfRange(unsigned, 0, 96), Arrays.copyOfRange(signed, 0, 96), "the same lead");
        RpmWriterTest.Header sig = RpmWriterTest.read(signed, 96);
        assertEquals(RpmWriterTest.read(unsigned, 96).strings(), sig.strings(), "the digests stay");
        assertEquals(RpmWriterTest.read(unsigned, 96).ints(), sig.ints(), "the sizes stay");
    }

    @Test
    void eddsaDsaAndEcdsaSignaturesGoUnderTheDsaTag() {
        for (int algorithm : new int[] {17, 19, 22}) {
            byte[] signed = new RpmWriter(new FakeSigner(algorithm)).write(RpmWriterTest.spec("1.0"));
            assertEquals(11, bin(signed, OpenPgpSignature.DSAHEADER).orElseThrow().length, "algorithm " + algorithm);
            assertFalse(bin(signed, OpenPgpSignature.RSAHEADER).isPresent());
        }
    }

    @Test
    void aSignerAnsweringSomethingElseThanAVersion4SignatureIsRefused() {
        RpmSigner publicKey = (header, time) -> new byte[] {(byte) 0x99, 0, 10, 4, 0, 0, 0, 0, 1, 0};
        RpmSigner version3 = (header, time) -> new byte[] {(byte) 0x88, 8, 3, 5, 0, 0, 0, 0, 0, 0};
        RpmSigner elgamal = (header, time) -> new byte[] {(byte) 0x88, 8, 4, 0, 16, 8, 0, 0, 0, 0};
        RpmSigner armored = (header, time) -> "-----BEGIN PGP SIGNATURE-----".getBytes();
        for (RpmSigner s : List.of(publicKey, version3, elgamal, armored)) {
            assertThrows(IllegalArgumentException.class, () -> new RpmWriter(s).write(RpmWriterTest.spec("1.0")));
        }
    }

    @Test
    void newFormatPacketsAreReadToo() {
        // new-format tag 2 with a two-octet length (192..8383), as gpg writes large RSA signatures
        byte[] packet = {(byte) 0xc2, (byte) 0xc0, 0x10, 4, 0, 1, 10, 0, 0, 0};
        assertEquals(new OpenPgpSignature(1, 10), OpenPgpSignature.parse(packet));
        assertEquals(268, OpenPgpSignature.parse(packet).tag());
    }

    @Test
    void signingTimeComesFromTheYoungestValidSigningPartOfGpgsListing() {
        List<String> listing = List.of(
                "sec:u:3072:1:88EA053C8FBF7348:946684800:::u:::scSC:::+:::23::0:",
                "fpr:::::::::CD929690A71AF530617C7B6288EA053C8FBF7348:",
                "ssb:u:3072:1:1111111111111111:1000000000::::::e:::+:::23:",
                "ssb:u:3072:1:2222222222222222:1100000000::::::s:::+:::23:",
                "ssb:r:3072:1:3333333333333333:1200000000::::::s:::+:::23:",
                "ssb:e:3072:1:4444444444444444:1300000000::::::s:::+:::23:");
        assertEquals(Optional.of(Instant.ofEpochSecond(1100000000)), GpgSigner.signingPartsCreated(listing));
        assertEquals(Optional.empty(), GpgSigner.signingPartsCreated(List.of(
                "sec:r:3072:1:88EA053C8FBF7348:946684800:::u:::scSC:::+:::23::0:",
                "gpg: error reading key: No secret key")));
    }
}
