package org.kmodfarm.loadtest;

/** The kernel's naming of modules: a file {@code snd-hda.ko.xz} holds the module {@code snd_hda}. */
final class ModuleNames {
    private ModuleNames() {
    }

    /** The module name of a file path or a name as {@code depends=} writes it. */
    static String of(String pathOrName) {
        String base = pathOrName.substring(pathOrName.lastIndexOf('/') + 1);
        int ko = base.indexOf(".ko");
        return (ko > 0 ? base.substring(0, ko) : base).replace('-', '_');
    }

    /** Whether a package path is a module file (compressed or not). */
    static boolean isModule(String path) {
        return path.endsWith(".ko") || path.endsWith(".ko.xz") || path.endsWith(".ko.gz") || path.endsWith(".ko.zst");
    }
}
