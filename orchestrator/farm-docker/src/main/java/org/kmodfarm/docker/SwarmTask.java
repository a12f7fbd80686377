package org.kmodfarm.docker;

import java.util.Locale;
import java.util.Optional;
import org.kmodfarm.model.spi.SandboxExit;

/**
 * A cell's Swarm task as the manager reports it, and what it means for the cell.
 *
 * @param state    the task's state as the engine names it ({@code running}, {@code complete}, …)
 * @param nodeId   the node it was assigned to, empty before placement
 * @param message  the engine's short status message
 * @param error    the engine's error, empty when none
 * @param exitCode the container's exit status, once it has one
 */
record SwarmTask(String id, String state, String nodeId, String message, String error, Optional<Integer> exitCode) {
    /** The SIGKILL status; the only senders on a task are the kernel's OOM killer and kmodfarm's own removal. */
    static final int KILLED = 137;

    /** Where a task stands. */
    sealed interface Progress {
        /** Not started yet: waiting for a node, for resources, for its image. */
        record Waiting(String why) implements Progress {
        }

        /** Its container runs on {@code nodeId}. */
        record Running(String nodeId) implements Progress {
        }

        /** It ended on its own; its exit is known. */
        record Ended(SandboxExit exit) implements Progress {
        }

        /** The infrastructure lost it: the cell did not get a fair run and is to be retried. */
        record Lost(String why) implements Progress {
        }
    }

    /**
     * What the task's state means. A task of a job that failed with an exit status ran the cell: its status is the
     * cell's (137, which only the OOM killer sends while kmodfarm has not removed the service, is out of memory, as the
     * local runtime's {@code OOMKilled}). A task that failed without one never ran it (image missing, mount refused),
     * and rejected, orphaned or shut-down tasks were taken from the cell by the infrastructure.
     */
    Progress progress() {
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting" ->
                    new Progress.Waiting(state + (message.isEmpty() ? "" : ": " + message)
                            + (error.isEmpty() ? "" : " (" + error + ")"));
            case "running" -> new Progress.Running(nodeId);
            case "complete" -> new Progress.Ended(new SandboxExit.Exited(exitCode.orElse(0)));
            case "failed" -> exitCode.filter(status -> status != 0)
                    .<Progress>map(status -> new Progress.Ended(status == KILLED ? new SandboxExit.OutOfMemory()
                            : new SandboxExit.Exited(status)))
                    .orElseGet(() -> new Progress.Lost("its task failed before the cell ran: " + describe()));
            // rejected, shutdown, remove, orphaned, and any state a later engine adds
            default -> new Progress.Lost("its task ended " + describe());
        };
    }

    private String describe() {
        String why = error.isEmpty() ? message : error;
        return state + (why.isEmpty() ? "" : " (" + why + ")") + (nodeId.isEmpty() ? "" : " on node " + nodeId);
    }
}
