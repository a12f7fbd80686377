package org.kmodfarm.cli.dkms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DKMS 3.2.2's compiler set-up before make: CC and KERNEL_CC from the kernel config's
 * CONFIG_CC_VERSION_TEXT (clang for a clang kernel), LD and KERNEL_LD for an lld kernel, each only when the
 * program is on the PATH. A kernel's {@code .kernelvariables} file is not consulted (kmodfarm leaves CC unset).
 */
final class Toolchain {
    private static final Pattern CC_TEXT = Pattern.compile("^CONFIG_CC_VERSION_TEXT=\"*([^\" ]*) .*$");

    private Toolchain() {
    }

    static Map<String, String> environment(Map<String, String> base, Path kernelConfig) {
        Map<String, String> env = new HashMap<>(base);
        if (!Files.exists(kernelConfig)) {
            return env;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(kernelConfig, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return env;
        }
        for (String line : lines) {
            Matcher m = CC_TEXT.matcher(line);
            if (m.matches()) {
                compiler(env, m.group(1), "CC");
            }
        }
        if (lines.stream().anyMatch(l -> l.contains("CONFIG_CC_IS_CLANG=y"))) {
            compiler(env, "clang", "CC");
        }
        if (lines.stream().anyMatch(l -> l.contains("CONFIG_LD_IS_LLD=y"))) {
            compiler(env, "ld.lld", "LD");
        }
        return env;
    }

    private static void compiler(Map<String, String> env, String program, String variable) {
        if (onPath(program, env.getOrDefault("PATH", ""))) {
            env.put(variable, program);
            env.put("KERNEL_" + variable, program);
        }
    }

    private static boolean onPath(String program, String path) {
        if (program.isEmpty()) {
            return false;
        }
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
