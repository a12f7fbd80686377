package org.kmodfarm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kmodfarm.core.farm.CellPlanner;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.core.farm.DependencyInput;
import org.kmodfarm.core.farm.DependentCell;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.farm.PlannedCell;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.core.source.ModuleSource;
import org.kmodfarm.dkms.Ver;

/**
 * The farm's {@code autoinstall}: every AUTOINSTALL module version of the tree on every kernel, each after its
 * BUILD_DEPENDS on the same kernel. A dependency is the latest registered version of that name (DKMS's choice),
 * built first even when it is not AUTOINSTALL itself; a dependency not in the tree, or in a cycle, makes its
 * dependents SKIPPED with DKMS's reason. Immutable once made.
 */
final class AutoinstallGraph implements FarmBuilder.CellGraph {
    /**
     * A module version of the tree as the farm reads its dkms.conf (literally, see
     * {@link org.kmodfarm.core.farm.DeclaredDirectives}).
     */
    record Registered(String name, String version, ModuleSource source, boolean autoinstall,
                      List<String> buildDepends) {
        Registered {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(source, "source");
            buildDepends = List.copyOf(buildDepends);
        }

        String id() {
            return name + "/" + version;
        }
    }

    /** One module to build on every kernel, its dependencies resolved. */
    record Node(Registered module, List<Integer> dependsOn, List<String> unregistered) {
        Node {
            dependsOn = List.copyOf(dependsOn);
            unregistered = List.copyOf(unregistered);
        }
    }

    private final List<Node> order;
    private final FarmTree tree;

    AutoinstallGraph(List<Registered> registered, FarmTree tree) {
        this.order = order(registered);
        this.tree = tree;
    }

    /** The modules built, each after the ones it depends on. */
    List<Node> order() {
        return order;
    }

    /**
     * The AUTOINSTALL modules and the dependencies they pull in, in an order where each comes after its
     * dependencies (Kahn's, by name and version where free); members of cycles come last, with their unmet
     * dependencies as unregistered.
     */
    static List<Node> order(List<Registered> registered) {
        Map<String, Registered> latest = new LinkedHashMap<>();
        for (Registered r : registered) {
            latest.merge(r.name(), r, (a, b) -> Ver.compare(a.version(), b.version()) >= 0 ? a : b);
        }
        Map<String, Registered> wanted = new LinkedHashMap<>();
        List<Registered> queue = new ArrayList<>(registered.stream().filter(Registered::autoinstall).toList());
        while (!queue.isEmpty()) {
            Registered r = queue.remove(0);
            if (wanted.putIfAbsent(r.id(), r) == null) {
                r.buildDepends().stream().map(latest::get).filter(Objects::nonNull).forEach(queue::add);
            }
        }
        List<Registered> pending = new ArrayList<>(wanted.values());
        pending.sort(Comparator.comparing(Registered::name).thenComparing(Registered::version, Ver::compare));
        List<Node> nodes = new ArrayList<>();
        Map<String, Integer> placed = new LinkedHashMap<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Registered r : List.copyOf(pending)) {
                List<Integer> deps = new ArrayList<>();
                List<String> unregistered = new ArrayList<>();
                boolean ready = true;
                for (String d : r.buildDepends()) {
                    Registered dep = latest.get(d);
                    if (dep == null) {
                        unregistered.add(d);
                    } else if (placed.containsKey(dep.id())) {
                        deps.add(placed.get(dep.id()));
                    } else {
                        ready = false;
                    }
                }
                if (ready) {
                    placed.put(r.id(), nodes.size());
                    nodes.add(new Node(r, deps, unregistered));
                    pending.remove(r);
                    progress = true;
                }
            }
        }
        for (Registered r : pending) {
            List<String> unmet = r.buildDepends().stream()
                    .filter(d -> latest.get(d) == null || !placed.containsKey(latest.get(d).id())).toList();
            nodes.add(new Node(r, List.of(), unmet));
        }
        return nodes;
    }

    @Override
    public List<DependentCell> plan(CellPlanner planner, List<BuilderImage> images, Map<String, Long> imageMs) {
        List<DependentCell> cells = new ArrayList<>();
        for (BuilderImage image : images) {
            int base = cells.size();
            long ms = imageMs.getOrDefault(image.tag(), 0L);
            for (Node n : order) {
                ModuleSource s = n.module().source();
                cells.add(new DependentCell(planner.plan(s, image, ms, List.of()), n.module().id(),
                        n.dependsOn().stream().map(i -> base + i).toList(), n.unregistered(),
                        built -> planner.plan(s, image, ms, built.stream().map(this::input).toList())));
            }
        }
        return cells;
    }

    /** A BUILT dependency as its dependents' cells receive it: its Module.symvers from the tree. */
    private DependencyInput input(CellResult built) {
        Path symvers = tree.dkmsCell(built.cell()).resolve("module/Module.symvers");
        try {
            return new DependencyInput(built.cell().module(), built.cell().version(),
                    Files.isRegularFile(symvers) ? Files.readAllBytes(symvers) : new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + symvers + " of the BUILT dependency "
                    + built.cell().path(), e);
        }
    }

    @Override
    public String reproducer(PlannedCell cell, String matrix) {
        return "./kmodfarm autoinstall --matrix " + matrix + " -k " + cell.kernel() + " --rebuild --jobs 1";
    }

    /** Whether there is anything to build. */
    boolean isEmpty() {
        return order.isEmpty();
    }

    /** The module versions built, in order, for the run's first line. */
    List<String> modules() {
        return order.stream().map(n -> n.module().id()).toList();
    }
}
