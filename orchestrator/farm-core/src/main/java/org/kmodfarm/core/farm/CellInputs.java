package org.kmodfarm.core.farm;

import java.util.ArrayList;
import java.util.List;
import org.kmodfarm.archive.TarWriter;
import org.kmodfarm.core.source.ModuleSource;

/**
 * What a cell's container receives, as one uncompressed tar: the module source under {@code src/} (owned by
 * root, so the unprivileged build cannot change it) and the cell runner {@code kmodfarm-cell.jar}. Content-addressed:
 * the same source and runner give the same digest, whatever machine executes the cell.
 *
 * @param digest sha256 of the source tree hash and the runner's digest
 */
public record CellInputs(String digest, byte[] tar) {
    public CellInputs {
        tar = tar.clone();
    }

    /** Packs a module source with the cell runner and the {@code Module.symvers} of its BUILD_DEPENDS. */
    public static CellInputs of(ModuleSource source, CellRuntime runtime, List<DependencyInput> dependencies) {
        TarWriter tar = new TarWriter().tree(source.directory(), "src").file(CellRuntime.JAR_NAME, runtime.jar(),
                0644);
        List<String> digest = new ArrayList<>(List.of("source " + source.treeHash(), "runner " + runtime.digest()));
        for (DependencyInput d : dependencies) {
            tar.file(DependencyInput.DIR + "/" + d.name() + "/" + d.version() + "/Module.symvers", d.symvers(), 0644);
            digest.add(d.keyLine());
        }
        return new CellInputs(Digests.sha256Lines(digest.toArray(String[]::new)), tar.toBytes());
    }

    @Override
    public byte[] tar() {
        return tar.clone();
    }
}
