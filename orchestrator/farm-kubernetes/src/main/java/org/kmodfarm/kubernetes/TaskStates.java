package org.kmodfarm.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kmodfarm.model.spi.SandboxExit;

/** Reads a {@link TaskState} from what the API server says about a cell's Job and pods. Pure. */
final class TaskStates {
    /** Waiting reasons that do not pass by themselves: the image or the pod's configuration is wrong. */
    private static final Set<String> STUCK = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private TaskStates() {
    }

    /** @param job null when the Job no longer exists */
    static TaskState of(Job job, List<Pod> pods) {
        if (job == null) {
            return new TaskState.Lost("its Job was deleted by someone else");
        }
        Optional<Pod> pod = pods.stream().findFirst();
        if (failedWith(job, "DeadlineExceeded")) {
            return new TaskState.DeadlineExceeded(pod.map(p -> p.getMetadata().getName()).orElse(""));
        }
        if (pod.isEmpty()) {
            return failed(job) ? new TaskState.Lost("its Job failed without a pod: " + failure(job))
                    : new TaskState.Pending("no pod yet");
        }
        return of(pod.get());
    }

    private static TaskState of(Pod pod) {
        String name = pod.getMetadata().getName();
        var status = pod.getStatus();
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        Optional<ContainerStatus> container = status == null || status.getContainerStatuses() == null
                ? Optional.empty() : status.getContainerStatuses().stream().findFirst();
        ContainerStateTerminated terminated = container.map(c -> c.getState())
                .map(s -> s.getTerminated()).orElse(null);
        if (terminated != null && (phase.equals("Succeeded") || phase.equals("Failed"))) {
            return new TaskState.Ended("OOMKilled".equals(terminated.getReason()) ? new SandboxExit.OutOfMemory()
                    : new SandboxExit.Exited(terminated.getExitCode() == null ? -1 : terminated.getExitCode()), name);
        }
        if (phase.equals("Failed") || phase.equals("Unknown")) {
            String reason = status.getReason() == null ? phase : status.getReason();
            return new TaskState.Lost("pod " + name + " " + reason + (status.getMessage() == null ? ""
                    : ": " + status.getMessage()));
        }
        ContainerStateWaiting waiting = container.map(c -> c.getState()).map(s -> s.getWaiting()).orElse(null);
        if (waiting != null && STUCK.contains(waiting.getReason())) {
            return new TaskState.Lost("pod " + name + " " + waiting.getReason() + (waiting.getMessage() == null ? ""
                    : ": " + waiting.getMessage()));
        }
        if (phase.equals("Running")) {
            return new TaskState.Running();
        }
        return new TaskState.Pending(waiting != null && waiting.getReason() != null ? waiting.getReason()
                : "pod " + name + " " + phase);
    }

    private static boolean failed(Job job) {
        return conditions(job).stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean failedWith(Job job, String reason) {
        return conditions(job).stream().anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())
                && reason.equals(c.getReason()));
    }

    private static String failure(Job job) {
        return conditions(job).stream().filter(c -> "Failed".equals(c.getType())).findFirst()
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage())).orElse("");
    }

    private static List<JobCondition> conditions(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? List.of()
                : job.getStatus().getConditions();
    }
}
