package org.kmodfarm.dkms.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** DKMS 3.2.2's {@code get_module_verinfo} and {@code compare_module_version}, over {@code modinfo}. */
final class ModInfo {
    private ModInfo() {
    }

    /** Version, then srcversion (or the version line's checksum); empty strings where modinfo says nothing. */
    static List<String> verinfo(BuildIo io, Path module, Map<String, String> env) throws IOException {
        String version = "";
        String checksum = "";
        String srcversion = "";
        for (String line : io.exec(List.of("modinfo", module.toString()), Path.of("/"), env).output().split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w[0].equals("version:")) {
                version = w.length > 1 ? w[1] : "";
                checksum = w.length > 2 ? w[2] : "";
            } else if (w[0].equals("srcversion:")) {
                srcversion = w.length > 1 ? w[1] : "";
            }
        }
        return List.of(version, srcversion.isEmpty() ? checksum : srcversion);
    }

    /** {@code compare_module_version}'s status: both have the same version. */
    static boolean sameVersion(BuildIo io, Path a, Path b, Map<String, String> env) throws IOException {
        return verinfo(io, a, env).get(0).equals(verinfo(io, b, env).get(0));
    }
}
