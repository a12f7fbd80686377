package org.kmodfarm.cli.dkms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CellMain}'s command line: {@code --source DIR --kernel KERNEL --arch ARCH --jobs N --out DIR
 * [--deps DIR]}, every option but {@code --deps} required, each once. The farm writes this line itself, so
 * anything else is a bug worth stopping for.
 *
 * @param source the module's source directory (holds dkms.conf); only read
 * @param kernel the kernel release to build for, as in {@code /lib/modules/KERNEL}
 * @param arch   DKMS's arch, e.g. {@code x86_64}
 * @param jobs   make's {@code -j}, at least 1
 * @param out    where the cell's results go
 * @param deps   the module's BUILD_DEPENDS built for this kernel, {@code NAME/VERSION/Module.symvers} each; a
 *               directory that does not exist means none
 */
record CellArgs(Path source, String kernel, String arch, int jobs, Path out, Optional<Path> deps) {
    static final String USAGE = "usage: CellMain --source DIR --kernel KERNEL --arch ARCH --jobs N --out DIR"
            + " [--deps DIR]";
    private static final List<String> REQUIRED = List.of("--source", "--kernel", "--arch", "--jobs", "--out");
    private static final List<String> OPTIONS = List.of("--source", "--kernel", "--arch", "--jobs", "--out",
            "--deps");

    CellArgs {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(deps, "deps");
        if (!validWord(kernel) || !validWord(arch) || jobs < 1) {
            throw new IllegalArgumentException("invalid cell arguments: kernel '" + kernel + "', arch '" + arch
                    + "', jobs " + jobs);
        }
    }

    /** Thrown for a command line that cannot be used; lists every problem found. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(List<String> problems) {
            super(String.join("; ", problems) + "\n" + USAGE);
        }
    }

    /** Parses {@code args}, reporting every problem at once. */
    static CellArgs parse(String[] args) throws Invalid {
        Map<String, String> given = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (!OPTIONS.contains(option)) {
                problems.add("unknown argument '" + option + "'");
            } else if (i + 1 >= args.length) {
                problems.add(option + " needs a value");
            } else if (given.putIfAbsent(option, args[++i]) != null) {
                problems.add(option + " given twice");
            }
        }
        for (String option : REQUIRED) {
            if (!given.containsKey(option)) {
                problems.add(option + " is missing");
            }
        }
        String kernel = given.getOrDefault("--kernel", "");
        String arch = given.getOrDefault("--arch", "");
        if (given.containsKey("--kernel") && !validWord(kernel)) {
            problems.add("--kernel '" + kernel + "' is not a kernel release");
        }
        if (given.containsKey("--arch") && !validWord(arch)) {
            problems.add("--arch '" + arch + "' is not an architecture");
        }
        int jobs = given.containsKey("--jobs") ? jobs(given.get("--jobs"), problems) : 1;
        for (String dir : List.of("--source", "--out", "--deps")) {
            if (given.containsKey(dir) && given.get(dir).isEmpty()) {
                problems.add(dir + " is empty");
            }
        }
        if (!problems.isEmpty()) {
            throw new Invalid(problems);
        }
        return new CellArgs(Path.of(given.get("--source")), kernel, arch, jobs, Path.of(given.get("--out")),
                Optional.ofNullable(given.get("--deps")).map(Path::of));
    }

    private static int jobs(String value, List<String> problems) {
        try {
            int jobs = Integer.parseInt(value);
            if (jobs >= 1) {
                return jobs;
            }
        } catch (NumberFormatException e) {
            // reported below, with the others
        }
        problems.add("--jobs '" + value + "' is not a positive number");
        return 1;
    }

    // Kernel and arch become path components of the DKMS tree and words of DKMS's command line.
    private static boolean validWord(String s) {
        return s != null && s.matches("[A-Za-z0-9._+~-]+") && !s.equals(".") && !s.equals("..");
    }
}
