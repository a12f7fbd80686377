package org.kmodfarm.core.farm;

import java.util.ArrayList;
import java.util.List;

/** The command line of the cell runner inside a cell, whichever runtime starts it. */
public final class CellCommand {
    /** The runner that leaves its output in {@code --out} for the runtime to copy. */
    public static final String LOCAL_MAIN = "org.kmodfarm.cli.dkms.CellMain";
    /** The runner that prints its output as frames on stdout, for runtimes sharing no disk with the farm. */
    public static final String REMOTE_MAIN = "org.kmodfarm.cli.dkms.RemoteCellMain";

    /** The JVM is small next to the compiler: a fixed heap, no JIT beyond C1, no perf data on a read-only root. */
    private static final List<String> JAVA = List.of("java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-Xmx192m", "-cp", "/build/" + CellRuntime.JAR_NAME);

    private CellCommand() {
    }

    /** The cell runner's {@code mainClass} as a container's command, without arguments. */
    public static List<String> java(String mainClass) {
        List<String> command = new ArrayList<>(JAVA);
        command.add(mainClass);
        return command;
    }

    /**
     * @param out where the runner puts its output folder inside the cell; the dependencies' Module.symvers are
     *            where {@link CellInputs} put them
     */
    public static List<String> of(String mainClass, CellWork work, String out) {
        List<String> command = java(mainClass);
        command.addAll(List.of("--source", "/build/src", "--kernel", work.kernel(), "--arch", work.arch(),
                "--jobs", String.valueOf(work.makeJobs()), "--out", out, "--deps", "/build/" + DependencyInput.DIR));
        return command;
    }
}
