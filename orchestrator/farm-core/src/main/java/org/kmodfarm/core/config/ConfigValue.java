package org.kmodfarm.core.config;

/**
 * The effective value of a setting and where it came from ({@code option --jobs}, {@code environment
 * KMODFARM_JOBS}, {@code kmodfarm.yaml:4} or {@code default}); {@code doctor} prints these.
 */
public record ConfigValue(Setting setting, String value, String origin) {
    /** The value as it may be shown: a secret is only said to be set, so doctor's output can be shared. */
    public String shown() {
        return setting == Setting.WEBHOOK_SECRET && !value.isEmpty() ? "(set)" : value;
    }
}
