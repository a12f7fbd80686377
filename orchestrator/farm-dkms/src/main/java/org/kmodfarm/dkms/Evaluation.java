package org.kmodfarm.dkms;

import java.util.List;
import java.util.Map;

/**
 * What sourcing a dkms.conf produced, before DKMS's post-processing and validation. {@code messages} are the
 * lines bash wrote to standard error (dkms.conf's own complaints and, in strict mode, DKMS's deprecation
 * warnings), in order.
 */
public sealed interface Evaluation {
    List<String> messages();

    /**
     * The files were sourced.
     *
     * @param variables every whitelisted variable that ended up set, by name
     */
    record Sourced(Map<String, BashArray> variables, KernelFacts facts, List<String> messages)
            implements Evaluation {
        public Sourced {
            variables = Map.copyOf(variables);
            messages = List.copyOf(messages);
        }

        /** The variable, or an empty array when it is not set. */
        public BashArray get(String name) {
            return variables.getOrDefault(name, BashArray.EMPTY);
        }
    }

    /** The dkms.conf is not readable (DKMS: "Could not locate dkms.conf file.", exit 4). */
    record Unreadable(List<String> messages) implements Evaluation {
        public Unreadable {
            messages = List.copyOf(messages);
        }
    }

    /**
     * The shell exited before finishing, as DKMS itself would have: a value's second expansion ran
     * {@code exit}, or a temporary file could not be made.
     */
    record Exited(int exitCode, List<String> messages) implements Evaluation {
        public Exited {
            messages = List.copyOf(messages);
        }
    }
}
