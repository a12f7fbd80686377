package org.kmodfarm.core.farm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.kmodfarm.model.InfraException;

/**
 * The cell runner shipped into every cell: kmodfarm's DKMS code as a small jar, whose {@code CellMain} performs
 * DKMS's add and build inside the container. Its digest is part of every cache key: other build semantics,
 * other results.
 *
 * @param digest sha256 of the jar
 */
public record CellRuntime(byte[] jar, String digest) {
    /** The jar's name in the cell's {@code /build}. */
    public static final String JAR_NAME = "kmodfarm-cell.jar";

    public CellRuntime {
        Objects.requireNonNull(digest, "digest");
        jar = jar.clone();
    }

    @Override
    public byte[] jar() {
        return jar.clone();
    }

    /** Reads the runnable jar. */
    public static CellRuntime of(Path jar) {
        try {
            byte[] bytes = Files.readAllBytes(jar);
            return new CellRuntime(bytes, Digests.sha256(bytes));
        } catch (IOException e) {
            throw new InfraException("cannot read the cell runner " + jar + ": " + e.getMessage(),
                    "build it with scripts/ensure-jar (or mvn package), or run kmodfarm from its jar", e);
        }
    }
}
