package org.kmodfarm.core.doctor;

/**
 * The verdict of one doctor check.
 *
 * @param fix the command or action that repairs a failed check; empty when it passed
 */
public record CheckResult(String name, boolean ok, String detail, String fix) {
    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, true, detail, "");
    }

    public static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(name, false, detail, fix);
    }
}
