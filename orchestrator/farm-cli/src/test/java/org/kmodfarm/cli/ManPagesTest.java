package org.kmodfarm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

class ManPagesTest {
    static final Instant DATE = Instant.parse("2026-11-26T12:00:00Z");

    @Command(name = "tool", description = "Does things. More text.", subcommands = Sub.class,
            footer = "Exit codes: 0 ok.")
    static final class Tool {
    }

    @Command(name = "sub", description = {"Makes a thing: with detail.", ".leading dot and a back\\slash",
        "100%% sure%nnext line"})
    static final class Sub {
        @Option(names = {"-k", "--kernel"}, paramLabel = "KERNEL", description = "A kernel (default: ${DEFAULT-VALUE}).",
                defaultValue = "6.1")
        String kernel;

        @Option(names = "--all", description = "Every one.")
        boolean all;

        @Parameters(paramLabel = "NAME/VERSION", description = "The module.")
        String module;
    }

    @Test
    void onePagePerCommandNamedAsGitNamesItsSubcommandPages() {
        Map<String, String> pages = ManPages.of(new CommandLine(new Tool()), "0.1", DATE);
        assertEquals(java.util.List.of("tool", "tool-sub"), java.util.List.copyOf(pages.keySet()));
        String tool = pages.get("tool");
        assertTrue(tool.startsWith(".TH \"TOOL\" 1 \"2026-11-26\" \"kmodfarm 0.1\" \"kmodfarm manual\"\n"), tool);
        assertTrue(tool.contains(".SH NAME\ntool \\- Does things\n"), tool);
        assertTrue(tool.contains(".SH COMMANDS\n.TP\n.B sub\nMakes a thing\nSee \\fBtool\\-sub\\fR(1).\n"), tool);
        assertTrue(tool.contains(".SH NOTES\n.PP\nExit codes: 0 ok.\n"), tool);
    }

    @Test
    void aSubcommandPageHoldsSynopsisArgumentsAndOptionsEscapedForRoff() {
        String sub = ManPages.of(new CommandLine(new Tool()), "0.1", DATE).get("tool-sub");
        assertTrue(sub.contains(".SH NAME\ntool\\-sub \\- Makes a thing\n"), sub);
        assertTrue(sub.contains(".SH SYNOPSIS\n.nf\ntool sub [\\-\\-all] [\\-k=KERNEL] NAME/VERSION\n.fi\n"), sub);
        assertTrue(sub.contains(".PP\n\\&.leading dot and a back\\eslash\n"), "no line starts a request: " + sub);
        assertTrue(sub.contains(".PP\n100% sure\nnext line\n"), "picocli's format escapes resolved: " + sub);
        assertTrue(sub.contains(".TP\n\\fB\\-k\\fR, \\fB\\-\\-kernel\\fR=\\fIKERNEL\\fR\nA kernel (default: 6.1).\n"),
                sub);
        assertTrue(sub.contains(".TP\n\\fB\\-\\-all\\fR\nEvery one.\n"), sub);
        assertTrue(sub.contains(".SH ARGUMENTS\n.TP\n.I NAME/VERSION\nThe module.\n"), sub);
        assertTrue(sub.contains(".SH SEE ALSO\n\\fBtool\\fR(1), \\fBdkms\\fR(8)\n"), sub);
        assertFalse(sub.contains("\u001b["), "no colour codes");
    }

    @Test
    void theDkmsPageCarriesItsUsage() {
        String page = ManPages.dkmsPage(org.kmodfarm.cli.dkms.Usage.text("dkms"), "3.2.2", "0.1", DATE);
        assertTrue(page.startsWith(".TH \"DKMS\" 8 \"2026-11-26\""), page);
        assertTrue(page.contains(".nf\nUsage: dkms [action] [options]\n"), page);
        assertTrue(page.contains("[\\-\\-binaries\\-only]"), page);
    }
}
