package org.kmodfarm.core.notify;

import org.kmodfarm.model.InfraException;

/** One way of delivering a {@link Notice}. */
public interface Notifier {
    /**
     * Delivers the notice, whose JSON form is {@code body}.
     *
     * @throws InfraException when it could not be delivered (what was tried, how to fix it)
     */
    void send(Notice notice, byte[] body) throws InterruptedException;

    /** What it delivers to, for messages. */
    String describe();
}
