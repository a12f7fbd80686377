package org.kmodfarm.cli.dkms;

import org.kmodfarm.testkit.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the {@code dkms} entry point in a temporary directory, with {@code --dkmstree/--sourcetree/--installtree}
 * pointing inside it and stdout and stderr captured together, as run_test.sh's {@code > log 2>&1} does.
 */
final class DkmsHarness {
    static final String KERNEL = "6.1.0-99-amd64";
    static final String ARCH = "x86_64";

    record Result(int code, String output) {
    }

    final Path root;
    final String dkmsTree;
    final String sourceTree;
    final String installTree;
    final Host host;

    DkmsHarness(Path root) {
        this.root = root;
        this.dkmsTree = root + "/var/lib/dkms";
        this.sourceTree = root + "/usr/src";
        this.installTree = root + "/lib/modules";
        mkdirs(Path.of(dkmsTree));
        mkdirs(Path.of(sourceTree));
        mkdirs(Path.of(installTree, KERNEL));
        this.host = new Host(KERNEL, ARCH, true, Optional.of("debian"), "",
                Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), root.toString(), "/usr/sbin/dkms");
    }

    /** {@code dkms args… --dkmstree … --sourcetree … --installtree …}. */
    /** The line {@code add} prints when it links a module version's source into the tree. */
    String sourceSymlinkLine(String module, String version) {
        return "Creating symlink " + dkmsTree + "/" + module + "/" + version + "/source -> " + sourceTree + "/"
                + module + "-" + version + "\n";
    }

    Result dkms(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--dkmstree", dkmsTree, "--sourcetree", sourceTree, "--installtree", installTree));
        return raw(all.toArray(String[]::new));
    }

    /** {@code dkms args…} exactly. */
    Result raw(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = new DkmsCommand(host, DkmsProfile.HOST, new Console(both, both)).run(args);
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** run_test.sh's {@code dkms status | grep "^module/"}. */
    String statusOf(String module) {
        StringBuilder out = new StringBuilder();
        for (String line : dkms("status").output().split("\n")) {
            if (line.startsWith(module + "/")) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The fixture module run_test.sh's basic block uses, written under {@code test/dkms_test-1.0}. */
    Path writeTestModule() {
        Path dir = root.resolve("test/dkms_test-1.0");
        write(dir.resolve("dkms.conf"), "PACKAGE_NAME=\"dkms_test\"\nPACKAGE_VERSION=\"1.0\"\n"
                + "BUILT_MODULE_NAME[0]=\"dkms_test\"\nDEST_MODULE_LOCATION[0]=\"/kernel/extra\"\nAUTOINSTALL=\"yes\"\n");
        write(dir.resolve("Makefile"), "obj-m += dkms_test.o\n");
        write(dir.resolve("dkms_test.c"), "/* fixture: never compiled by these tests */\n");
        return dir;
    }

    /** What a successful {@code dkms build} leaves for one kernel. */
    void fakeBuilt(String kernel) {
        Path built = Path.of(dkmsTree, "dkms_test/1.0", kernel, ARCH);
        write(built.resolve("module/dkms_test.ko"), "ko");
        write(built.resolve("log/make.log"), "log");
    }

    static void write(Path file, String text) {
        TestFiles.write(file, text);
    }

    static void mkdirs(Path dir) {
        TestFiles.mkdirs(dir);
    }
}
