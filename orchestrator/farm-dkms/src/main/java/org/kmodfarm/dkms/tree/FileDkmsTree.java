package org.kmodfarm.dkms.tree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.kmodfarm.core.io.TreeLock;

/**
 * A {@link DkmsTree} on a file system, laid out exactly as DKMS 3.2.2 lays out {@code /var/lib/dkms}.
 * Thread-safe: it keeps no state besides its roots.
 */
public final class FileDkmsTree implements DkmsTree {
    // DKMS's extglob +([0-9]).* for kernel directories, which keeps build/, source/ and the like out.
    private static final Pattern KERNEL_DIR = Pattern.compile("[0-9]+\\..*", Pattern.DOTALL);
    // The [[ $modv != */kernel-*-* ]] test, applied to the version component.
    private static final Pattern KERNEL_LINK = Pattern.compile("kernel-.*-.*", Pattern.DOTALL);

    private final TreeRoots roots;

    public FileDkmsTree(TreeRoots roots) {
        this.roots = Objects.requireNonNull(roots, "roots");
    }

    @Override
    public TreeRoots roots() {
        return roots;
    }

    @Override
    public List<ModuleVersion> versions(String module, String version) {
        List<String> found = new ArrayList<>();
        for (String m : module.isEmpty() ? visibleNames(roots.dkmsPath()) : List.of(module)) {
            for (String v : version.isEmpty() ? visibleNames(roots.dkmsPath().resolve(m)) : List.of(version)) {
                if (!KERNEL_LINK.matcher(v).matches() && Files.isDirectory(roots.dkmsPath().resolve(m).resolve(v))) {
                    found.add(m + "/" + v);
                }
            }
        }
        // bash sorts a glob's matches as whole paths, so "a-b/1" comes before "a/1".
        return found.stream().sorted().map(FileDkmsTree::split).toList();
    }

    @Override
    public boolean isAdded(ModuleVersion mv) {
        Path dir = Path.of(roots.versionDir(mv));
        Path source = dir.resolve("source");
        return Files.isDirectory(dir) && Files.isSymbolicLink(source) && Files.isDirectory(source);
    }

    @Override
    public boolean isBroken(ModuleVersion mv) {
        Path dir = Path.of(roots.versionDir(mv));
        if (!Files.isDirectory(dir)) {
            return false;
        }
        Path source = dir.resolve("source");
        boolean link = Files.isSymbolicLink(source);
        return link && !Files.isDirectory(source) || !link && Files.isDirectory(Path.of(roots.sourceDir(mv)));
    }

    @Override
    public boolean isBuilt(ModuleVersion mv, KernelArch target) {
        return Files.isDirectory(Path.of(roots.builtDir(mv, target), "module"));
    }

    @Override
    public boolean isInstalled(ModuleVersion mv, KernelArch target) {
        if (!isBuilt(mv, target)) {
            return false;
        }
        Path link = roots.dkmsPath().resolve(mv.module()).resolve("kernel-" + target.kernel() + "-" + target.arch());
        if (!Files.isSymbolicLink(link)) {
            return false;
        }
        try {
            // readlink -f against the literal path, as DKMS compares them.
            return link.toRealPath().toString().equals(Path.of(roots.builtDir(mv, target)).toString());
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public List<StatusEntry.Built> built(ModuleVersion mv, String kernel, String arch) {
        Path dir = Path.of(roots.versionDir(mv));
        List<String> pairs = new ArrayList<>();
        List<String> kernels = kernel.isEmpty()
                ? visibleNames(dir).stream().filter(k -> KERNEL_DIR.matcher(k).matches()).toList()
                : List.of(kernel);
        for (String k : kernels) {
            for (String a : arch.isEmpty() ? visibleNames(dir.resolve(k)) : List.of(arch)) {
                pairs.add(k + "/" + a);
            }
        }
        List<StatusEntry.Built> built = new ArrayList<>();
        for (String pair : pairs.stream().sorted().toList()) {
            int slash = pair.lastIndexOf('/');
            KernelArch target = new KernelArch(pair.substring(0, slash), pair.substring(slash + 1));
            if (isBuilt(mv, target)) {
                built.add(new StatusEntry.Built(mv, target, isInstalled(mv, target)));
            }
        }
        return built;
    }

    @Override
    public List<StatusEntry> status(String module, String version, String kernel, String arch) {
        List<StatusEntry> entries = new ArrayList<>();
        for (ModuleVersion mv : versions(module, version)) {
            if (isBroken(mv)) {
                entries.add(new StatusEntry.Broken(mv));
            } else if (isAdded(mv)) {
                List<StatusEntry.Built> built = built(mv, kernel, arch);
                entries.addAll(built.isEmpty() ? List.of(new StatusEntry.Added(mv)) : built);
            }
        }
        return entries;
    }

    @Override
    public boolean hasOriginalModules(String module, KernelArch target) {
        return Files.isDirectory(roots.dkmsPath().resolve(module).resolve("original_module")
                .resolve(target.kernel()).resolve(target.arch()));
    }

    @Override
    public TreeWriter openWriter() throws IOException {
        return new FileTreeWriter(roots, TreeLock.acquire(roots.dkmsPath()));
    }

    /** The names a bash {@code *} matches in {@code dir} (hidden ones excluded), unsorted; none if no dir. */
    static List<String> visibleNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static ModuleVersion split(String moduleVersion) {
        int slash = moduleVersion.indexOf('/');
        return new ModuleVersion(moduleVersion.substring(0, slash), moduleVersion.substring(slash + 1));
    }
}
