package org.kmodfarm.packaging.rpm;

import java.time.Instant;

/**
 * Makes the OpenPGP signature an RPM carries over its main header (what {@code rpmsign --addsign} adds): the one
 * side effect of signed packages, behind a seam for tests. Implementations are thread-safe.
 */
public interface RpmSigner {
    /**
     * A detached binary OpenPGP signature (one version 4 signature packet, SHA-256) of exactly {@code header}'s
     * bytes, made at {@code time} or, when the signing key is younger, at the key's creation (a signature older than
     * its key is refused by verifiers), so the same header always gives the same signature with a deterministic
     * algorithm (RSA, EdDSA).
     *
     * @throws org.kmodfarm.model.InfraException    when the signing tool is missing or fails, naming the fix
     * @throws org.kmodfarm.model.BadInputException when the key is unknown, naming it and the fix
     */
    byte[] sign(byte[] header, Instant time);
}
