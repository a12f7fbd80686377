package org.kmodfarm.dkms.build;

/**
 * Where DKMS's build, install and uninstall print: text exactly as DKMS writes it (the caller adds nothing,
 * not even newlines), so that partial lines such as {@code Building module(s)...} come out as in DKMS.
 */
public interface BuildOutput {
    /** Text on standard output. */
    void out(String text);

    /** Text on standard error. */
    void err(String text);

    /** One line on standard output. */
    default void line(String text) {
        out(text + "\n");
    }

    /** DKMS's {@code warn}. */
    default void warn(String... lines) {
        err("Warning: " + String.join("\n", lines) + "\n");
    }
}
