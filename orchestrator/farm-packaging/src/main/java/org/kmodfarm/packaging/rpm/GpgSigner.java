package org.kmodfarm.packaging.rpm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.kmodfarm.core.io.Processes;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;

/**
 * {@link RpmSigner} through GnuPG (found on the PATH when used), with the secret key {@code key} of the keyring in
 * {@code GNUPGHOME} (gpg's default when unset): the detached signature {@code rpmsign --addsign} has gpg make, with
 * SHA-256 and the signature time pinned by {@code --faked-system-time}, so a deterministic key (RSA, EdDSA) signs the
 * same header with the same bytes. The key must be usable without a passphrase prompt (none, or one preset in
 * gpg-agent): gpg runs in batch mode. Thread-safe.
 */
public final class GpgSigner implements RpmSigner {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private final String key;
    private final SourceLocation origin;
    private final Map<String, String> env;
    /** The creation time of the key's youngest part able to sign; read once, guarded by this. */
    private Instant keyCreated;

    /**
     * @param key       what gpg's {@code --local-user} takes: a key id, a fingerprint, an address
     * @param origin    where the key was named (an option, a configuration file), for problems
     * @param gnupgHome the keyring folder; empty for gpg's default ({@code ~/.gnupg})
     */
    public GpgSigner(String key, SourceLocation origin, Optional<String> gnupgHome) {
        this.key = key;
        this.origin = origin;
        this.env = gnupgHome.map(h -> Map.of("GNUPGHOME", h)).orElse(Map.of());
    }

    @Override
    public byte[] sign(byte[] header, Instant time) {
        Path gpg = Processes.which("gpg").orElseThrow(() -> new InfraException(
                "signing RPMs needs gpg (GnuPG), which is not installed",
                "apt-get install -y gnupg (dnf install gnupg2; scripts/setup-tools does it), or drop --sign-key"));
        Instant created = keyCreated(gpg);
        Instant at = time.isBefore(created) ? created : time;
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kmodfarm-sign-");
            Path data = Files.write(dir.resolve("header"), header);
            Path signature = dir.resolve("header.sig");
            List<String> command = List.of(gpg.toString(), "--batch", "--no-tty", "--yes", "--no-armor",
                    "--detach-sign", "--local-user", key, "--digest-algo", "sha256",
                    "--faked-system-time", at.getEpochSecond() + "!", "--output", signature.toString(),
                    data.toString());
            Processes.Outcome o = Processes.run(command, LIMIT, line -> { }, env);
            if (!o.ok() || !Files.isRegularFile(signature)) {
                throw new InfraException("gpg could not sign with key '" + key + "' (" + (o.timedOut() ? "timed out"
                        : "exit " + o.exitCode()) + "):\n  " + String.join("\n  ", o.tail()), "a key with a "
                        + "passphrase must have it preset in gpg-agent (gpg-preset-passphrase), or sign with a "
                        + "subkey without one; try by hand: " + String.join(" ", command));
            }
            byte[] packet = Files.readAllBytes(signature);
            try {
                OpenPgpSignature.parse(packet);
            } catch (IllegalArgumentException e) {
                throw new InfraException("gpg's signature with key '" + key + "' is not one rpm reads: "
                        + e.getMessage(), "sign with an RSA, DSA, ECDSA or EdDSA key of OpenPGP version 4", e);
            }
            return packet;
        } catch (IOException e) {
            throw new UncheckedIOException("signing with gpg in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while gpg signed a package", "run the command again", e);
        } finally {
            delete(dir);
        }
    }

    /**
     * When the key's youngest signing-capable part (primary key or subkey, neither revoked nor expired) was made:
     * gpg signs with the youngest such subkey.
     *
     * @throws BadInputException when the keyring holds no such secret key
     */
    private synchronized Instant keyCreated(Path gpg) {
        if (keyCreated != null) {
            return keyCreated;
        }
        List<String> lines = new ArrayList<>();
        Processes.Outcome o;
        try {
            o = Processes.run(List.of(gpg.toString(), "--batch", "--no-tty", "--with-colons", "--fixed-list-mode",
                    "--list-secret-keys", "--", key), LIMIT, lines::add, env);
        } catch (IOException e) {
            throw new UncheckedIOException("running gpg --list-secret-keys", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfraException("interrupted while gpg listed key '" + key + "'", "run the command again", e);
        }
        if (o.timedOut()) {
            throw new InfraException("gpg --list-secret-keys " + key + " timed out", "check gpg-agent and GNUPGHOME");
        }
        Optional<Instant> created = signingPartsCreated(lines);
        if (created.isEmpty()) {
            String where = env.getOrDefault("GNUPGHOME", "~/.gnupg (GNUPGHOME is unset)");
            throw new BadInputException(new Problem(origin, (o.exitCode() == 0 ? "the secret key '" + key
                    + "' cannot sign (revoked, expired, or without a signing key)" : "no secret key '" + key
                    + "' in GnuPG's keyring " + where), "import the vendor's secret key (gpg --import KEY.asc), "
                    + "set GNUPGHOME to the keyring holding it, or name a key gpg --list-secret-keys shows"));
        }
        keyCreated = created.get();
        return keyCreated;
    }

    /**
     * The youngest creation time among the {@code sec}/{@code ssb} records of gpg's colon listing that can sign
     * (capability {@code s}) and are neither revoked ({@code r}) nor expired ({@code e}).
     */
    static Optional<Instant> signingPartsCreated(List<String> colonListing) {
        return colonListing.stream().map(l -> l.split(":", -1))
                .filter(f -> f.length > 11 && (f[0].equals("sec") || f[0].equals("ssb")))
                .filter(f -> f[11].contains("s") && !f[1].equals("r") && !f[1].equals("e"))
                .map(f -> Instant.ofEpochSecond(Long.parseLong(f[5]))).max(Instant::compareTo);
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary folder left behind holds only a copy of a public header and its signature
        }
    }
}
