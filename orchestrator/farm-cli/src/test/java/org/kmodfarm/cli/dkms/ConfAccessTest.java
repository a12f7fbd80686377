package org.kmodfarm.cli.dkms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmodfarm.dkms.ConfEvaluator;
import org.kmodfarm.dkms.ConfReader;
import org.kmodfarm.dkms.DestinationPolicy;
import org.kmodfarm.dkms.LocalBashRunner;
import org.kmodfarm.dkms.ReadMode;

/** DKMS's last_mvka: a conf read again for the same module/version/kernel/arch warns about deprecations once. */
class ConfAccessTest {
    private static final String K = DkmsHarness.KERNEL;
    private static final String A = DkmsHarness.ARCH;

    @TempDir
    Path tmp;

    @Test
    void deprecationWarningsOnlyOnTheFirstReadOfTheSameConf() throws IOException {
        DkmsHarness h = new DkmsHarness(tmp);
        Path conf = tmp.resolve("dkms.conf");
        DkmsHarness.write(conf, "PACKAGE_NAME=m\nPACKAGE_VERSION=1\nBUILT_MODULE_NAME[0]=m\n"
                + "DEST_MODULE_LOCATION[0]=/kernel/extra\nREMAKE_INITRD=yes\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Console console = new Console(both, both);
        DkmsOptions options = ((ArgParser.Outcome.Parsed) new ArgParser(console, h.host)
                .parse(new String[] {"build", "-m", "m", "-v", "1", "--dkmstree", h.dkmsTree})).options();
        ConfAccess confs = new ConfAccess(new ConfReader(new ConfEvaluator(new LocalBashRunner()),
                new DestinationPolicy("debian", "")), h.host, options, console);
        String warning = "Deprecated feature: REMAKE_INITRD (" + conf + ")\n";

        confs.read(conf.toString(), "m", "1", K, A, ReadMode.STRICT);
        confs.read(conf.toString(), "m", "1", K, A, ReadMode.STRICT);
        assertEquals(warning, bytes.toString(StandardCharsets.UTF_8));

        confs.inSubshell(() -> {
            confs.read(conf.toString(), "m", "1", "6.1.0-1-amd64", A, ReadMode.STRICT);
            return 0;
        });
        confs.read(conf.toString(), "m", "1", K, A, ReadMode.STRICT);
        assertEquals(warning + warning, bytes.toString(StandardCharsets.UTF_8), "another kernel reads it afresh");
    }
}
