package org.kmodfarm.core.yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML file as a node tree that remembers lines, and collects every problem found while a
 * caller walks it, so one run reports them all. Not thread-safe; one per file.
 */
public final class YamlReader {
    private final Path file;
    private final List<Problem> problems = new ArrayList<>();

    private YamlReader(Path file) {
        this.file = file;
    }

    /** Composes the file; a syntax error or an unreadable file becomes a {@link BadInputException}. */
    public static Root open(Path file) {
        YamlReader reader = new YamlReader(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(file),
                    "cannot read the file: " + e.getClass().getSimpleName() + " " + e.getMessage(),
                    "check the path and its permissions"));
        }
        try (Reader r = new java.io.StringReader(text)) {
            Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
            return new Root(reader, root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new BadInputException(new Problem(new SourceLocation(file, line),
                    "not valid YAML: " + e.getProblem(), "fix the YAML syntax at that line"));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** The composed document and the reader collecting its problems. */
    public record Root(YamlReader reader, Node node) {
        /** The top-level mapping; an empty or non-mapping document is a problem. */
        public Optional<Mapping> mapping() {
            if (node == null) {
                reader.problem(0, "the file is empty", "see the format in the README next to it");
                return Optional.empty();
            }
            return reader.asMapping(node, "the document");
        }
    }

    public SourceLocation at(Node node) {
        return new SourceLocation(file, node.getStartMark().getLine() + 1);
    }

    public Path file() {
        return file;
    }

    public void problem(Node node, String what, String fix) {
        problems.add(new Problem(at(node), what, fix));
    }

    public void problem(int line, String what, String fix) {
        problems.add(new Problem(new SourceLocation(file, line), what, fix));
    }

    public int problemsSoFar() {
        return problems.size();
    }

    /** Throws every problem collected so far, if any. */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
    }

    Optional<Mapping> asMapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return Optional.of(new Mapping(this, m));
        }
        problem(node, what + " must be a mapping (key: value lines)", "indent its keys under it");
        return Optional.empty();
    }

    /** A mapping node with typed, checked access to its keys. */
    public static final class Mapping {
        private final YamlReader reader;
        private final MappingNode node;

        Mapping(YamlReader reader, MappingNode node) {
            this.reader = reader;
            this.node = node;
        }

        public Node node() {
            return node;
        }

        /** Reports keys outside {@code allowed} (with the closest valid key) and keys given twice. */
        public Mapping allowOnly(Collection<String> allowed) {
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : node.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                if (!allowed.contains(key)) {
                    reader.problem(t.getKeyNode(), "unknown key '" + key + "'",
                            "valid keys here: " + String.join(", ", allowed) + closest(key, allowed));
                } else if (!seen.add(key)) {
                    reader.problem(t.getKeyNode(), "key '" + key + "' given twice", "keep one of them");
                }
            }
            return this;
        }

        public Optional<Node> get(String key) {
            for (NodeTuple t : node.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                    return Optional.of(t.getValueNode());
                }
            }
            return Optional.empty();
        }

        public Optional<ScalarNode> scalar(String key) {
            return get(key).flatMap(n -> {
                if (n instanceof ScalarNode s) {
                    return Optional.of(s);
                }
                reader.problem(n, "'" + key + "' must be a single value", "write it as " + key + ": VALUE");
                return Optional.empty();
            });
        }

        public Optional<String> string(String key) {
            return scalar(key).map(ScalarNode::getValue);
        }

        /** A list of scalars; a single scalar counts as a list of one. */
        public List<ScalarNode> scalars(String key) {
            Optional<Node> n = get(key);
            if (n.isEmpty()) {
                return List.of();
            }
            if (n.get() instanceof ScalarNode s) {
                return List.of(s);
            }
            List<ScalarNode> out = new ArrayList<>();
            if (n.get() instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (item instanceof ScalarNode s) {
                        out.add(s);
                    } else {
                        reader.problem(item, "items of '" + key + "' must be single values", "write [a, b]");
                    }
                }
            } else {
                reader.problem(n.get(), "'" + key + "' must be a list", "write " + key + ": [a, b]");
            }
            return out;
        }

        public List<Mapping> mappings(String key) {
            Optional<Node> n = get(key);
            List<Mapping> out = new ArrayList<>();
            if (n.isEmpty()) {
                return out;
            }
            if (!(n.get() instanceof SequenceNode seq)) {
                reader.problem(n.get(), "'" + key + "' must be a list of mappings", "start each item with '- '");
                return out;
            }
            for (Node item : seq.getValue()) {
                reader.asMapping(item, "each item of '" + key + "'").ifPresent(out::add);
            }
            return out;
        }

        public Optional<Mapping> mapping(String key) {
            return get(key).flatMap(n -> reader.asMapping(n, "'" + key + "'"));
        }

        /** A non-negative integer. */
        public Optional<Integer> count(String key) {
            return scalar(key).flatMap(s -> {
                try {
                    int v = Integer.parseInt(s.getValue());
                    if (v >= 0) {
                        return Optional.of(v);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                reader.problem(s, "'" + key + "' must be a whole number >= 0, not '" + s.getValue() + "'",
                        "write for example " + key + ": 1");
                return Optional.empty();
            });
        }

        private static String closest(String key, Collection<String> allowed) {
            return allowed.stream().min(Comparator.comparingInt(a -> distance(a, key)))
                    .filter(a -> distance(a, key) <= Math.max(2, key.length() / 3))
                    .map(a -> "; did you mean '" + a + "'?").orElse("");
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int[] cur = new int[b.length() + 1];
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
                }
                prev = cur;
            }
            return prev[b.length()];
        }
    }
}
