package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code dkms install/uninstall --dkmstree ROOT/var/lib/dkms --sourcetree ROOT/usr/src --installtree
 * ROOT/lib/modules} puts the module into another system's root and has depmod index that root ({@code -b}):
 * the root's {@code modules.dep} and {@code modinfo -b} see it, the running system's {@code modules.dep} stays
 * as it was (DKMS 3.2.2 would re-index the running system's tree instead). One disposable root container
 * (about 1 minute), see {@link DkmsTestContainer}.
 */
class DkmsRootInstallIT {
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aModuleInstalledIntoARootIsIndexedThereOnly() throws Exception {
        String output = DkmsTestContainer.image().runScript("dkms-root-install.sh");
        assertEquals(List.of("CHECK install-status 0", "CHECK installed kmodfarm_hello.ko", "CHECK root-modules.dep 1",
                "CHECK modinfo-b kmodfarm_hello", "CHECK own-modules.dep unchanged", "CHECK uninstall-status 0",
                "CHECK root-modules.dep-after 0", "CHECK own-modules.dep-after unchanged"),
                output.lines().filter(l -> l.startsWith("CHECK ")).toList(), output);
    }
}
