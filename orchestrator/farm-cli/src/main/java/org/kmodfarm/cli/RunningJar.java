package org.kmodfarm.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The jar kmodfarm runs from; none when it runs from class folders (tests, IDEs). */
final class RunningJar {
    private RunningJar() {
    }

    static Optional<Path> path() {
        try {
            Path self = Path.of(RunningJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(self) && self.toString().endsWith(".jar") ? Optional.of(self) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
