package org.kmodfarm.dkms;

import java.util.Objects;

/**
 * Directives DKMS 3.x still accepts but no longer acts on, kept as written for reports: CLEAN (ignored since
 * 3.1.8), REMAKE_INITRD and the MODULES_CONF family (ignored since 2.8.8).
 */
public record DeprecatedDirectives(BashArray clean, BashArray remakeInitrd, BashArray modulesConf,
        BashArray modulesConfObsoletes, BashArray modulesConfAliasType, BashArray modulesConfObsoleteOnly) {
    public DeprecatedDirectives {
        Objects.requireNonNull(clean, "clean");
        Objects.requireNonNull(remakeInitrd, "remakeInitrd");
        Objects.requireNonNull(modulesConf, "modulesConf");
        Objects.requireNonNull(modulesConfObsoletes, "modulesConfObsoletes");
        Objects.requireNonNull(modulesConfAliasType, "modulesConfAliasType");
        Objects.requireNonNull(modulesConfObsoleteOnly, "modulesConfObsoleteOnly");
    }

    static DeprecatedDirectives of(Evaluation.Sourced e) {
        return new DeprecatedDirectives(e.get("CLEAN"), e.get("REMAKE_INITRD"), e.get("MODULES_CONF"),
                e.get("MODULES_CONF_OBSOLETES"), e.get("MODULES_CONF_ALIAS_TYPE"),
                e.get("MODULES_CONF_OBSOLETE_ONLY"));
    }
}
