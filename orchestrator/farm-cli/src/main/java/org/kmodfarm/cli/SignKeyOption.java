package org.kmodfarm.cli;

import org.kmodfarm.core.config.Setting;
import picocli.CommandLine.Option;

/** {@code --sign-key}, for the verbs that make RPMs: the GnuPG key they are signed with. */
final class SignKeyOption {
    static final String NAME = "--sign-key";

    @Option(names = NAME, paramLabel = "KEYID", description = "Sign the RPMs as rpmsign --addsign does (a header "
            + "signature, SHA-256, dated the packages' time) with this GnuPG secret key of GNUPGHOME's keyring: a key "
            + "id, fingerprint or address (default: packaging.rpm-sign-key; none: unsigned). gpg must be installed; "
            + "the key must sign without a passphrase prompt (none, or preset in gpg-agent).")
    String key;

    boolean given() {
        return key != null;
    }

    /** Puts the key, if given, over the configuration's; before anything reads the configuration. */
    void apply(Context context) {
        context.option(Setting.RPM_SIGN_KEY, key, NAME);
    }
}
