package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * DKMS 3.2.2's {@code prepare_signing} and {@code prepare_mok} for Debian-likes and the generic case: whether
 * built modules are signed, with what, printing DKMS's explanation either way. Ubuntu's kmodsign and
 * update-secureboot-policy and Gentoo's portage keys are not reproduced: there the generic rules apply.
 *
 * @param enabled  DKMS's {@code do_signing}
 * @param signFile the sign-file program
 * @param hash     CONFIG_MODULE_SIG_HASH
 * @param key      the private key (or a {@code pkcs11:} URI)
 * @param cert     the certificate
 */
public record Signing(boolean enabled, String signFile, String hash, String key, String cert) {
    public Signing {
        Objects.requireNonNull(signFile, "signFile");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cert, "cert");
    }

    /**
     * framework.conf's signing variables; empty when unset.
     *
     * @param signFile {@code sign_file}
     * @param key      {@code mok_signing_key}
     * @param cert     {@code mok_certificate}
     */
    public record Config(String signFile, String key, String cert) {
        public Config {
            Objects.requireNonNull(signFile, "signFile");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(cert, "cert");
        }
    }

    /** framework.conf's signing variables, which DKMS reads only when it signs. */
    public static final List<String> VARIABLES = List.of("sign_file", "mok_signing_key", "mok_certificate");

    static Signing off() {
        return new Signing(false, "", "", "", "");
    }

    /**
     * Decides as DKMS does, printing its lines; may create the MOK key pair with openssl as DKMS does.
     *
     * @param kernelConfig the kernel's config file
     * @param distribution DKMS's {@code running_distribution}
     */
    public static Signing prepare(Config config, String kernelConfig, String distribution, String kernel,
            String installTree, BuildIo io, Map<String, String> env, BuildOutput out) throws IOException {
        Path kconfig = Path.of(kernelConfig);
        if (!Files.isRegularFile(kconfig)) {
            out.line("Kernel config " + kernelConfig + " not found, modules won't be signed");
            return off();
        }
        Optional<String> hashLine = Files.readAllLines(kconfig, java.nio.charset.StandardCharsets.ISO_8859_1)
                .stream().filter(l -> l.startsWith("CONFIG_MODULE_SIG_HASH=")).findFirst();
        if (hashLine.isEmpty()) {
            out.line("The kernel is built without module signing facility, modules won't be signed");
            return off();
        }
        // cut -f2 -d= | sed 's/"//g'
        String hash = hashLine.get().split("=", -1)[1].replace("\"", "");
        String signFile = config.signFile();
        if (signFile.isEmpty()) {
            if (distribution.startsWith("debian")) {
                int dot = kernel.lastIndexOf('.');
                signFile = "/usr/lib/linux-kbuild-" + (dot < 0 ? kernel : kernel.substring(0, dot))
                        + "/scripts/sign-file";
            }
            if (!Files.isRegularFile(Path.of(signFile.isEmpty() ? "/nonexistent" : signFile))) {
                signFile = installTree + "/" + kernel + "/build/scripts/sign-file";
            }
        }
        out.line("Sign command: " + signFile);
        if (!Files.isRegularFile(Path.of(signFile)) || !Files.isExecutable(Path.of(signFile))) {
            out.line("Binary " + signFile + " not found, modules won't be signed");
            return off();
        }
        Optional<Mok> mok = prepareMok(config, io, env, out);
        if (mok.isEmpty()) {
            return off();
        }
        return new Signing(true, signFile, hash, mok.get().key(), mok.get().cert());
    }

    /**
     * The MOK key pair signing uses: the private key (or a {@code pkcs11:} URI) and the DER certificate.
     */
    public record Mok(String key, String cert) {
        public Mok {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(cert, "cert");
        }
    }

    /**
     * DKMS's {@code prepare_mok} (the generic rules): names the key pair, framework.conf's or the default
     * {@code /var/lib/dkms/mok.key} and {@code mok.pub}, and creates a self-signed pair with openssl when either
     * file is missing, printing DKMS's lines. Also the whole of {@code dkms generate_mok}.
     *
     * @return the pair, or empty when it is missing and cannot be made (DKMS's status 1)
     */
    public static Optional<Mok> prepareMok(Config config, BuildIo io, Map<String, String> env, BuildOutput out)
            throws IOException {
        String key = config.key().isEmpty() ? "/var/lib/dkms/mok.key" : config.key();
        out.line("Signing key: " + key);
        String cert = config.cert().isEmpty() ? "/var/lib/dkms/mok.pub" : config.cert();
        out.line("Public certificate (MOK): " + cert);
        // sign-file also takes a PKCS#11 URI as the key, which is no file to check.
        boolean missing = !Files.isRegularFile(Path.of(key)) || !Files.isRegularFile(Path.of(cert));
        if (!key.startsWith("pkcs11:") && missing) {
            out.line("Certificate or key are missing, generating self signed certificate for MOK...");
            BuildIo.Result found = io.exec(List.of("sh", "-c", "command -v openssl >/dev/null"), Path.of("/"), env);
            if (found.exitCode() != 0) {
                out.line("openssl not found, can't generate key and certificate.");
                return Optional.empty();
            }
            io.exec(List.of("openssl", "req", "-new", "-x509", "-nodes", "-days", "36500", "-subj",
                    "/CN=DKMS module signing key", "-newkey", "rsa:2048", "-keyout", key, "-addext",
                    "extendedKeyUsage=codeSigning", "-outform", "DER", "-out", cert), Path.of("/"), env);
            if (!Files.isRegularFile(Path.of(key))) {
                out.line("Key file " + key + " not found and can't be generated, modules won't be signed");
                return Optional.empty();
            }
        }
        if (!Files.isRegularFile(Path.of(cert))) {
            out.line("Certificate file " + cert + " not found and can't be generated, modules won't be signed");
            return Optional.empty();
        }
        return Optional.of(new Mok(key, cert));
    }
}
