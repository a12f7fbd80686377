package org.kmodfarm.core.farm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One built module file and what {@code modinfo} says about it.
 *
 * @param file       its name in the DKMS tree's {@code module/} folder ({@code hello.ko.xz})
 * @param sha256     digest of its bytes; also its name under {@code .kmodfarm/objects/}
 * @param depends    modules it needs loaded first
 * @param aliases    its {@code alias:} lines, which let a host's devices find it
 */
public record ModuleInfo(String file, String sha256, long size, String name, String version, String vermagic,
                         String srcversion, String license, List<String> depends, List<String> aliases) {
    public ModuleInfo {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        depends = List.copyOf(depends);
        aliases = List.copyOf(aliases);
    }

    /**
     * Who signed a module, from {@code modinfo FILE}'s output: {@code signer=SUBJECT; sig_key=ID;
     * sig_hashalgo=HASH} (the certificate's subject, its key id or serial, the hash); empty when unsigned.
     */
    public static String signer(String modinfo) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("signer", "sig_key", "sig_hashalgo")) {
            modinfo.lines().filter(l -> l.startsWith(field + ":")).findFirst()
                    .ifPresent(l -> parts.add(field + "=" + l.substring(field.length() + 1).strip()));
        }
        return parts.isEmpty() ? "" : String.join("; ", parts);
    }

    /** Reads {@code modinfo FILE}'s output: {@code field:   value} lines, some fields repeated. */
    public static ModuleInfo parse(String file, byte[] content, String modinfo) {
        String name = "";
        String version = "";
        String vermagic = "";
        String srcversion = "";
        String license = "";
        List<String> depends = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (String line : modinfo.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon)) {
                case "name" -> name = value;
                case "version" -> version = value;
                case "vermagic" -> vermagic = value;
                case "srcversion" -> srcversion = value;
                case "license" -> license = value;
                case "alias" -> aliases.add(value);
                case "depends" -> {
                    for (String d : value.split(",")) {
                        if (!d.isBlank()) {
                            depends.add(d.strip());
                        }
                    }
                }
                default -> {
                    // other fields (author, description, parm, sig_*…) stay in the stored modinfo text
                }
            }
        }
        return new ModuleInfo(file, Digests.sha256(content), content.length, name, version, vermagic, srcversion,
                license, depends, aliases);
    }
}
