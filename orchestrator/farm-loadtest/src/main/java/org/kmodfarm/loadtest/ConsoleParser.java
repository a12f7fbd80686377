package org.kmodfarm.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code KMODFARM-…} lines {@link InitScript} prints, and the kernel's own lines around them. */
public final class ConsoleParser {
    private static final Pattern INSMOD = Pattern.compile("KMODFARM-INSMOD (shipped|cell) (\\S+) (\\d+) ?(.*)");
    private static final Pattern RMMOD = Pattern.compile("KMODFARM-RMMOD (\\S+) (\\d+) ?(.*)");
    private static final Pattern TAINT = Pattern.compile("KMODFARM-TAINT-(BEFORE|AFTER) (\\d+)");
    /** dmesg's and the console's kernel lines start with the time since boot. */
    private static final Pattern STAMP = Pattern.compile("^\\s*\\[\\s*\\d+\\.\\d+\\]\\s?");

    private ConsoleParser() {
    }

    public static ConsoleFacts parse(String console) {
        boolean booted = false;
        boolean ended = false;
        boolean inDmesg = false;
        boolean marked = false;
        boolean dmesgSeen = false;
        String kernel = "";
        long before = -1;
        long after = -1;
        String panic = "";
        List<ConsoleFacts.Command> insmods = new ArrayList<>();
        List<ConsoleFacts.Command> rmmods = new ArrayList<>();
        List<String> dmesg = new ArrayList<>();
        List<String> consoleKernel = new ArrayList<>();
        for (String raw : console.lines().toList()) {
            // a kernel message may land in the middle of a line of ours: the marker still starts a token
            String line = raw.contains("KMODFARM-") && !inDmesg ? raw.substring(raw.indexOf("KMODFARM-")) : raw;
            Matcher m;
            if (line.startsWith("KMODFARM-BOOTED")) {
                booted = true;
                kernel = line.substring("KMODFARM-BOOTED".length()).strip();
            } else if ((m = TAINT.matcher(line)).matches()) {
                long value = Long.parseLong(m.group(2));
                if (m.group(1).equals("BEFORE")) {
                    before = value;
                } else {
                    after = value;
                }
            } else if ((m = INSMOD.matcher(line)).matches()) {
                insmods.add(new ConsoleFacts.Command(m.group(2), m.group(1).equals("shipped"),
                        Integer.parseInt(m.group(3)), m.group(4).strip()));
            } else if ((m = RMMOD.matcher(line)).matches()) {
                rmmods.add(new ConsoleFacts.Command(m.group(1), false, Integer.parseInt(m.group(2)),
                        m.group(3).strip()));
            } else if (line.equals("KMODFARM-DMESG-BEGIN")) {
                inDmesg = true;
                dmesgSeen = true;
            } else if (line.equals("KMODFARM-DMESG-END")) {
                inDmesg = false;
            } else if (line.equals("KMODFARM-END")) {
                ended = true;
            } else {
                String text = STAMP.matcher(raw).replaceFirst("");
                if (text.contains("Kernel panic - not syncing") && panic.isEmpty()) {
                    panic = text.strip();
                }
                if (inDmesg) {
                    if (marked) {
                        dmesg.add(text);
                    } else if (text.contains(InitScript.KMSG_MARK)) {
                        marked = true;
                    }
                } else if (booted) {
                    consoleKernel.add(text);
                }
            }
        }
        return new ConsoleFacts(booted, kernel, before, after, insmods, rmmods, dmesgSeen ? dmesg : consoleKernel,
                panic, ended);
    }
}
