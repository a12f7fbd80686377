package org.kmodfarm.core.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kmodfarm.core.images.BaseSource;
import org.kmodfarm.core.yaml.YamlReader;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Builds the effective configuration with the precedence option &gt; environment &gt; file &gt; default, and
 * validates every value where it was written.
 */
public final class ConfigLoader {
    public static final String FILE_NAME = "kmodfarm.yaml";

    private ConfigLoader() {
    }

    /**
     * @param file    the file given with {@code --config}; when empty, {@code kmodfarm.yaml} in {@code workDir}
     *                is read if it exists
     * @param env     the environment (only {@code KMODFARM_*} variables are read)
     * @param options values given on the command line, by setting, with the option's name as origin
     */
    public static FarmConfig load(Optional<Path> file, Path workDir, Map<String, String> env,
                                  Map<Setting, ConfigValue> options) {
        Path path = file.orElse(workDir.resolve(FILE_NAME));
        if (file.isPresent() && !Files.isRegularFile(path)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(path), "no such configuration file",
                    "check the path given with --config"));
        }
        Map<Setting, ConfigValue> fromFile = Files.isRegularFile(path) ? readFile(path) : Map.of();
        List<ConfigValue> values = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Setting s : Setting.values()) {
            ConfigValue v = effective(s, options, env, fromFile);
            check(v).ifPresent(why -> problems.add(new Problem(location(v, path), why,
                    "fix " + s.key() + " (" + s.help() + ")")));
            values.add(v);
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return new FarmConfig(values);
    }

    private static ConfigValue effective(Setting s, Map<Setting, ConfigValue> options, Map<String, String> env,
                                         Map<Setting, ConfigValue> fromFile) {
        if (options.containsKey(s)) {
            return options.get(s);
        }
        if (env.containsKey(s.environmentVariable())) {
            return new ConfigValue(s, env.get(s.environmentVariable()), "environment " + s.environmentVariable());
        }
        return fromFile.getOrDefault(s, new ConfigValue(s, s.defaultValue(), "default"));
    }

    private static SourceLocation location(ConfigValue v, Path file) {
        if (v.origin().startsWith(FILE_NAME + ":") || v.origin().startsWith(file + ":")) {
            return new SourceLocation(file, Integer.parseInt(v.origin().substring(v.origin().lastIndexOf(':') + 1)));
        }
        return SourceLocation.wholeFile(Path.of(v.origin()));
    }

    private static Map<Setting, ConfigValue> readFile(Path path) {
        YamlReader.Root root = YamlReader.open(path);
        Map<Setting, ConfigValue> out = new HashMap<>();
        if (root.node() == null) {
            return out; // an empty configuration file is fine
        }
        root.mapping().ifPresent(top -> walk(root.reader(), top, "", path, out));
        root.reader().throwIfProblems();
        return out;
    }

    private static void walk(YamlReader r, YamlReader.Mapping m, String prefix, Path path,
                             Map<Setting, ConfigValue> out) {
        List<String> keys = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        for (Setting s : Setting.values()) {
            if (s.key().startsWith(prefix)) {
                String rest = s.key().substring(prefix.length());
                int dot = rest.indexOf('.');
                String key = dot < 0 ? rest : rest.substring(0, dot);
                if (!keys.contains(key)) {
                    keys.add(key);
                }
                if (dot >= 0 && !groups.contains(key)) {
                    groups.add(key);
                }
            }
        }
        m.allowOnly(keys);
        for (String key : keys) {
            if (groups.contains(key)) {
                m.mapping(key).ifPresent(sub -> walk(r, sub, prefix + key + ".", path, out));
            } else {
                Optional<ScalarNode> s = m.scalar(key);
                s.ifPresent(node -> {
                    Setting setting = Setting.ofKey(prefix + key);
                    out.put(setting, new ConfigValue(setting, node.getValue(),
                            path + ":" + r.at(node).line()));
                });
            }
        }
    }

    /** Why a value is invalid, if it is. */
    private static Optional<String> check(ConfigValue v) {
        String text = v.value();
        try {
            switch (v.setting()) {
                case JOBS -> {
                    if (!text.equals("auto") && Integer.parseInt(text) < 1) {
                        return Optional.of("jobs must be at least 1, not " + text);
                    }
                }
                case INDEX_MAX_AGE, TIMEOUT, PULL_TIMEOUT -> Durations.parse(text);
                case BASE_SOURCE -> BaseSource.parse(text);
                case RUNTIME -> CellRuntimeKind.parse(text);
                case SWARM_CONSTRAINTS -> {
                    for (String c : FarmConfig.list(text)) {
                        if (!c.matches("[^=!<>]+\\s*(==|!=)\\s*\\S+")) {
                            return Optional.of("'" + c + "' is not a placement constraint (KEY==VALUE or KEY!=VALUE)");
                        }
                    }
                }
                case KUBERNETES_NODE_SELECTOR -> {
                    for (String pair : FarmConfig.list(text)) {
                        if (!pair.matches("[A-Za-z0-9./_-]+\\s*=\\s*[A-Za-z0-9._-]*")) {
                            return Optional.of("'" + pair + "' is not a node label (KEY=VALUE)");
                        }
                    }
                }
                case CELL_MEMORY -> {
                    if (!text.equals("auto") && Sizes.parse(text) < (64L << 20)) {
                        return Optional.of("cell.memory must be auto or at least 64m, not " + text);
                    }
                }
                case CHECK_VALID_UNTIL, RETRY_TIMEOUTS, COMPILER_CACHE -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        return Optional.of(v.setting().key() + " must be true or false, not '" + text + "'");
                    }
                }
                case GC_KEEP_RUNS -> {
                    if (Integer.parseInt(text) < 1) {
                        return Optional.of("gc.keep-runs must be at least 1, not " + text);
                    }
                }
                case GC_CACHE_MAX -> Sizes.parse(text);
                case WEBHOOK_URL -> {
                    if (!text.isEmpty() && !List.of("http", "https").contains(URI.create(text).getScheme())) {
                        return Optional.of("'" + text + "' is not an http(s) URL");
                    }
                }
                case MAINTAINER -> {
                    if (!text.matches("[^<>\\n]+ <[^<>@\\s]+@[^<>@\\s]+>")) {
                        return Optional.of("packaging.maintainer must be 'Name <address@host>', not '" + text + "'");
                    }
                }
                case MIRROR, SECURITY_MIRROR -> {
                    if (!text.isEmpty() && !List.of("http", "https", "file").contains(URI.create(text).getScheme())) {
                        return Optional.of("'" + text + "' is not an http(s) or file URL");
                    }
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }
}
