package org.kmodfarm.dkms;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of reading a dkms.conf as DKMS 3.2.2 does. {@code messages} are the exact lines DKMS would
 * have written to standard error, in order; the library prints nothing itself.
 */
public sealed interface ReadResult {
    List<String> messages();

    /**
     * DKMS accepts the file.
     *
     * @param messages what bash and DKMS printed anyway: dkms.conf's stderr, deprecation and zero-modules
     *                 warnings
     */
    record Valid(DkmsConf conf, List<String> messages) implements ReadResult {
        public Valid {
            Objects.requireNonNull(conf, "conf");
            messages = List.copyOf(messages);
        }
    }

    /**
     * DKMS refuses the file and exits.
     *
     * @param messages every line DKMS prints, ending with its {@code Error!} block
     * @param exitCode DKMS's exit code: 8 for a bad conf, 4 for a missing one, or whatever a second expansion
     *                 exited with
     */
    record Invalid(List<String> messages, int exitCode) implements ReadResult {
        public Invalid {
            messages = List.copyOf(messages);
        }
    }
}
