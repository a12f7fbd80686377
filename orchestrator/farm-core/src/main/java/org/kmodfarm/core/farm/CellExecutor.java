package org.kmodfarm.core.farm;

import java.util.function.Consumer;

/**
 * The execution interface of the farm: a cell goes out as its inputs and build plan, and comes back as its
 * output files, a log stream and an exit. The local engine is one implementation; others (Swarm, Kubernetes)
 * may run it elsewhere. Implementations are thread-safe; failures of the infrastructure surface as
 * {@link org.kmodfarm.model.InfraException}.
 */
public interface CellExecutor {
    /**
     * @param log receives the cell's output line by line as it comes
     * @throws InterruptedException when the caller is interrupted; the cell is stopped first
     */
    CellExecution execute(CellWork work, Consumer<String> log) throws InterruptedException;
}
