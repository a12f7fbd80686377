package org.kmodfarm.dkms;

import org.kmodfarm.model.InfraException;

/**
 * Runs a bash script somewhere: on this machine ({@link LocalBashRunner}) or, later, inside a build
 * container. The only side effect of dkms.conf evaluation goes through here.
 *
 * <p>Implementations must be safe for concurrent use.
 */
@FunctionalInterface
public interface ShellRunner {
    /**
     * Runs the script to completion.
     *
     * @return its exit status and output, whatever the status
     * @throws InfraException when bash cannot be started, exceeds the time limit (it is then killed) or the
     *                        calling thread is interrupted (the interrupt flag is kept)
     */
    ShellResult run(ShellInvocation invocation);
}
