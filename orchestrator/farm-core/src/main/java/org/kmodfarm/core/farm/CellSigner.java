package org.kmodfarm.core.farm;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The farm's signing step: after a cell BUILT, its modules are signed somewhere the build never ran, the only
 * place that sees the key. Implementations are thread-safe; infrastructure failures surface as
 * {@link org.kmodfarm.model.InfraException}.
 */
public interface CellSigner {
    /**
     * The signed modules, or why there are none.
     *
     * @param outputs {@code module/FILE} and {@code modinfo/FILE.txt} of each signed module; empty when failed
     * @param failure the reason, one line; empty when signed
     */
    record Signed(Map<String, byte[]> outputs, String failure) {
        public Signed {
            outputs = Map.copyOf(outputs);
            Objects.requireNonNull(failure, "failure");
        }

        public boolean ok() {
            return failure.isEmpty();
        }
    }

    /**
     * Signs {@code modules} (file name → bytes, as the cell built and compressed them) for the cell's kernel.
     *
     * @param log receives the step's output line by line
     * @throws InterruptedException when interrupted; the step is stopped first
     */
    Signed sign(CellWork work, Map<String, byte[]> modules, Consumer<String> log) throws InterruptedException;
}
