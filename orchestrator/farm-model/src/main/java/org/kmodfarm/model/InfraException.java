package org.kmodfarm.model;

/**
 * Infrastructure failed: the container engine, the package mirror, a bootstrap tool, the disk.
 * Not the user's input and not the module's code; retrying may help.
 *
 * @see #fix() the command or action that usually repairs it
 */
public final class InfraException extends FarmException {
    private final String fix;

    public InfraException(String message, String fix, Throwable cause) {
        super(message, cause);
        this.fix = fix == null ? "" : fix;
    }

    public InfraException(String message, String fix) {
        this(message, fix, null);
    }

    public String fix() {
        return fix;
    }
}
