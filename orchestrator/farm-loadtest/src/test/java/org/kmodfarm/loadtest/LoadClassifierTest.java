package org.kmodfarm.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kmodfarm.model.LoadVerdict;

/** Verdicts from consoles recorded from real machines, and from consoles made from them for the rarer cases. */
class LoadClassifierTest {
    private static final VmRun ENDED = new VmRun("", false, 0, 5_000);
    private static final VmRun KILLED = new VmRun("", true, -1, 120_000);

    private static LoadOutcome judge(String console, VmRun run) {
        return LoadClassifier.classify(ConsoleParser.parse(console), run, Map.of());
    }

    @Test
    void aCleanLoadAndUnloadIsLoadedOnBothKernels() throws IOException {
        for (String log : new String[] {"loaded-6.1.log", "loaded-6.12.log"}) {
            LoadOutcome o = judge(ConsoleParserTest.recorded(log), ENDED);
            assertEquals(LoadOutcome.of(LoadVerdict.LOADED, ""), o, log);
        }
    }

    @Test
    void anInitReturningAnErrorFailsWithInsmodsMessage() throws IOException {
        LoadOutcome o = judge(ConsoleParserTest.recorded("einval-6.1.log"), ENDED);
        assertEquals(LoadVerdict.LOAD_FAILED, o.verdict());
        assertTrue(o.reason().contains("insmod kmodfarm_einval: ") && o.reason().contains("Invalid argument"),
                o.reason());
    }

    @Test
    void anOopsInInitFailsWithTheKernelsLine() throws IOException {
        String console = ConsoleParserTest.recorded("oops-6.1.log");
        LoadOutcome o = judge(console, ENDED);
        assertEquals(LoadVerdict.LOAD_FAILED, o.verdict());
        assertTrue(o.reason().matches(".*(BUG:|Oops|NULL pointer).*"), o.reason());
        assertTrue(ConsoleParser.parse(console).ended(), "the machine went on after the oops");
    }

    @Test
    void enodevIsLoadedNoDevice() throws IOException {
        String console = ConsoleParserTest.recorded("einval-6.1.log").replace("Invalid argument", "No such device")
                .replace("kmodfarm_einval", "kmodfarm_nodev");
        LoadOutcome o = judge(console, ENDED);
        assertEquals(LoadVerdict.LOADED_NO_DEVICE, o.verdict(), o.reason());
        assertTrue(o.reason().startsWith("kmodfarm_nodev: init returned -ENODEV"), o.reason());
    }

    @Test
    void aRealDriverWithoutItsHardwareIsLoadedNoDevice() throws IOException {
        LoadOutcome o = judge(ConsoleParserTest.recorded("bbswitch-6.1.log"), ENDED);
        assertEquals(LoadOutcome.of(LoadVerdict.LOADED_NO_DEVICE,
                "bbswitch: init returned -ENODEV (no such device in the virtual machine)"), o);
    }

    @Test
    void modulesThatNeedAModuleWithoutItsHardwareAreExcused() throws IOException {
        // tp-smapi-dkms: thinkpad_ec finds no ThinkPad embedded controller; hdaps and tp_smapi need its symbols
        String console = ConsoleParserTest.recorded("tp-smapi-6.1.log");
        Map<String, List<String>> depends = Map.of("thinkpad_ec", List.of(), "hdaps", List.of("thinkpad_ec"),
                "tp_smapi", List.of("thinkpad_ec"));
        LoadOutcome o = LoadClassifier.classify(ConsoleParser.parse(console), ENDED, depends);
        assertEquals(LoadOutcome.of(LoadVerdict.LOADED_NO_DEVICE, "thinkpad_ec: init returned -ENODEV (no such "
                + "device in the virtual machine); not loaded, as they need it: hdaps, tp_smapi"), o);
        LoadOutcome unrelated = LoadClassifier.classify(ConsoleParser.parse(console), ENDED, Map.of());
        assertEquals(LoadVerdict.LOAD_FAILED, unrelated.verdict(), "without the dependency the unknown symbols count");
    }

    @Test
    void anUnknownSymbolIsNamedWithTheRefusedInsmod() throws IOException {
        String console = ConsoleParserTest.recorded("einval-6.1.log")
                .replace("Invalid argument", "unknown symbol in module, or unknown parameter")
                .replace("KMODFARM-DMESG-END", "[   11.8] kmodfarm_einval: Unknown symbol missing_fn (err -2)\n"
                        + "KMODFARM-DMESG-END");
        LoadOutcome o = judge(console, ENDED);
        assertEquals(LoadVerdict.LOAD_FAILED, o.verdict());
        assertTrue(o.reason().contains("Unknown symbol missing_fn"), o.reason());
    }

    @Test
    void aMachineThatHangsAfterInsmodFailsAndOneThatNeverBootsIsNotTested() throws IOException {
        String loaded = ConsoleParserTest.recorded("loaded-6.1.log");
        String hung = loaded.substring(0, loaded.indexOf("KMODFARM-INSMOD"));
        LoadOutcome o = judge(hung, KILLED);
        assertEquals(LoadVerdict.LOAD_FAILED, o.verdict());
        assertTrue(o.reason().startsWith("the machine hung before the first insmod (killed after 120 s)"), o.reason());

        LoadOutcome silent = judge("", KILLED);
        assertEquals(LoadVerdict.NOT_TESTED, silent.verdict());
        assertTrue(silent.infrastructure());
        assertEquals("the kernel did not start /init within 120 s", silent.reason());
    }

    @Test
    void aPanicAfterLoadingFails() throws IOException {
        String loaded = ConsoleParserTest.recorded("loaded-6.1.log");
        String panicked = loaded.substring(0, loaded.indexOf("KMODFARM-TAINT-AFTER"))
                + "[   12.1] Kernel panic - not syncing: kmodfarm fixture\n";
        LoadOutcome o = judge(panicked, ENDED);
        assertEquals(LoadOutcome.of(LoadVerdict.LOAD_FAILED, "Kernel panic - not syncing: kmodfarm fixture"), o);
    }

    @Test
    void aWarningTaintAloneFails() throws IOException {
        String warned = ConsoleParserTest.recorded("loaded-6.1.log").replace("KMODFARM-TAINT-AFTER 12288",
                "KMODFARM-TAINT-AFTER " + (12288 | TaintFlags.WARNED));
        LoadOutcome o = judge(warned, ENDED);
        assertEquals(LoadOutcome.of(LoadVerdict.LOAD_FAILED, "loading tainted the kernel W"), o);
    }

    @Test
    void taintBitsReadAsTheKernelsLetters() {
        assertEquals("OE", TaintFlags.letters(12288));
        assertEquals("DOE", TaintFlags.letters(12288 | TaintFlags.DIED));
        assertEquals("", TaintFlags.letters(-1));
        assertFalse(LoadVerdict.LOAD_FAILED.good());
    }
}
