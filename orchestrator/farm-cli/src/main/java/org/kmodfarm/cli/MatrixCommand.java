package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.kmodfarm.core.matrix.Located;
import org.kmodfarm.core.matrix.MatrixParser;
import org.kmodfarm.core.matrix.MatrixSpec;
import org.kmodfarm.core.matrix.TargetGroup;
import org.kmodfarm.model.KernelTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Kernel matrix files: resolve them against repositories, list them, validate them. */
@Command(name = "matrix", mixinStandardHelpOptions = true, description = "Resolve, list and validate kernel matrix files.",
        subcommands = {MatrixCommand.Resolve.class, MatrixCommand.ListFiles.class, MatrixCommand.Validate.class})
final class MatrixCommand {

    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"Resolves a matrix file against its package repositories and prints the kernel targets: "
                    + "kernel release, headers package and version, compiler, suite.",
                    "Indexes are cached under the tree; a cached Release file younger than index-max-age is used "
                            + "without network, and a Packages index is downloaded again only when its Release "
                            + "checksum changed."})
    static final class Resolve implements Callable<Integer> {
        private final Context context;

        @Parameters(arity = "0..1", paramLabel = "FILE", description = "Matrix file (default: kernel-matrix/debian.yaml).")
        Path file;

        @Option(names = "--json", description = "Print the targets as JSON.")
        boolean json;

        @Option(names = "--refresh", description = "Fetch the indexes even when the cached ones are fresh.")
        boolean refresh;

        Resolve(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Path matrix = context.matrixFile(file);
            List<KernelTarget> targets = context.resolve(matrix, refresh);
            if (json) {
                Json.print(context.out(), targets.stream().map(Json::target).toList());
                return ExitCodes.OK;
            }
            Table table = new Table("KERNEL", "SUITE", "HEADERS VERSION", "COMPILER", "HEADERS PACKAGE");
            Set<String> suites = new TreeSet<>();
            for (KernelTarget t : targets) {
                table.row(t.kernel().value(), t.suite(), t.headersVersion().value(),
                        t.compiler() + " (" + t.compilerPackage() + ")", t.headersPackage());
                suites.add(t.suite());
            }
            table.print(context.out());
            context.out().println(targets.size() + " kernel targets from " + suites.size()
                    + (suites.size() == 1 ? " suite (" : " suites (")
                    + String.join(", ", suites) + "), " + matrix);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the matrix files of a folder (default: kernel-matrix/) and their target groups.")
    static final class ListFiles implements Callable<Integer> {
        private final Context context;

        @Parameters(arity = "0..1", paramLabel = "DIR", description = "Folder of matrix files (default: kernel-matrix).")
        Path dir;

        ListFiles(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() throws IOException {
            Path folder = dir != null ? context.resolvePath(dir) : context.matrixFile(null).getParent();
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.{yaml,yml}")) {
                ds.forEach(files::add);
            }
            files.sort(null);
            Table table = new Table("FILE", "GROUP", "RELEASE", "SUITES", "FLAVOURS");
            for (Path f : files) {
                MatrixSpec spec = MatrixParser.parse(f);
                for (TargetGroup g : spec.groups()) {
                    table.row(folder.relativize(f).toString(), g.name(), g.release(), join(g.suites()), join(g.flavours()));
                }
            }
            table.print(context.out());
            return ExitCodes.OK;
        }

        private static String join(List<Located<String>> values) {
            return String.join(",", values.stream().map(Located::value).toList());
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Checks a matrix file: keys, types, regexes and names, then (unless --offline) that its "
                    + "mirrors answer, its suites exist and have its flavours and kernels.",
                    "Every problem is printed with file:line and a fix; the exit code is 2 when there is one."})
    static final class Validate implements Callable<Integer> {
        private final Context context;

        @Parameters(arity = "0..1", paramLabel = "FILE", description = "Matrix file (default: kernel-matrix/debian.yaml).")
        Path file;

        @Option(names = "--offline", description = "Only the checks that need no repository.")
        boolean offline;

        Validate(Context context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            Path matrix = context.matrixFile(file);
            MatrixSpec spec = MatrixParser.parse(matrix);
            if (offline) {
                context.out().println(matrix + ": valid (" + spec.groups().size() + " groups; repositories not checked)");
            } else {
                int n = context.resolver().resolve(spec, false).size();
                context.out().println(matrix + ": valid (" + spec.groups().size() + " groups, " + n + " kernel targets)");
            }
            return ExitCodes.OK;
        }
    }
}
