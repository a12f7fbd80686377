package org.kmodfarm.dkms;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodfarm.model.InfraException;

/** Reads the NUL-terminated {@code KIND NAME INDEX VALUE} records {@code read-conf.bash} prints. */
final class EvaluationRecords {
    private EvaluationRecords() {
    }

    static Evaluation parse(ShellResult result) {
        List<String> fields = fields(result.stdout());
        List<String> messages = lines(result.stderr());
        Map<String, TreeMap<Integer, String>> variables = new HashMap<>();
        Map<String, Map<Integer, Boolean>> matches = new HashMap<>();
        List<KernelFacts.ConfigProbe> config = new ArrayList<>();
        boolean llvm = false;
        boolean unreadable = false;
        boolean finished = false;
        for (int i = 0; i + 3 < fields.size(); i += 4) {
            String name = fields.get(i + 1);
            int index = index(fields.get(i + 2));
            String value = fields.get(i + 3);
            switch (fields.get(i)) {
                case "V" -> variables.computeIfAbsent(name, n -> new TreeMap<>()).put(index, value);
                case "M" -> matches.computeIfAbsent(name, n -> new HashMap<>()).put(index, "1".equals(value));
                case "C" -> config.add(new KernelFacts.ConfigProbe(name, "1".equals(value)));
                case "L" -> llvm = "1".equals(value);
                case "U" -> unreadable = true;
                case "E" -> finished = true;
                default -> throw garbled("unknown record kind '" + fields.get(i) + "'");
            }
        }
        if (fields.size() % 4 != 0) {
            throw garbled(fields.size() + " fields do not make whole records");
        }
        if (!finished) {
            return new Evaluation.Exited(result.exitCode(), messages);
        }
        if (unreadable) {
            return new Evaluation.Unreadable(messages);
        }
        Map<String, BashArray> arrays = new HashMap<>();
        variables.forEach((name, elements) -> arrays.put(name, new BashArray(elements)));
        KernelFacts facts = new KernelFacts(matches.getOrDefault("MAKE_MATCH", Map.of()),
                matches.getOrDefault("PATCH_MATCH", Map.of()), matches.getOrDefault("BUILD_EXCLUSIVE_KERNEL", Map.of()),
                matches.getOrDefault("BUILD_EXCLUSIVE_ARCH", Map.of()), config, llvm);
        return new Evaluation.Sourced(arrays, facts, messages);
    }

    /** Standard error as lines; a final line without a newline still counts. */
    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\n", -1));
    }

    private static List<String> fields(byte[] out) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                fields.add(new String(out, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start != out.length) {
            throw garbled("output does not end with a NUL");
        }
        return fields;
    }

    private static int index(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw garbled("'" + text + "' is not an array index");
        }
    }

    private static InfraException garbled(String what) {
        return new InfraException("dkms.conf evaluation printed garbled records: " + what,
                "run the evaluation script by hand with bash -x to see what it prints");
    }
}
