package org.kmodfarm.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.kmodfarm.model.InfraException;

/**
 * A connection to the cluster that runs cells: the kubeconfig's context (or the service account of a pod kmodfarm
 * runs in), as {@code kubectl} would find it.
 */
public final class KubernetesCluster implements AutoCloseable {
    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final KubernetesRunner runner;

    KubernetesCluster(KubernetesClient client, KubernetesSettings settings) {
        this.client = client;
        this.settings = settings;
        this.runner = new KubernetesRunner(client, settings);
    }

    /** @param context the kubeconfig context, empty for the current one */
    public static KubernetesCluster connect(Optional<String> context, KubernetesSettings settings) {
        Config config = Config.autoConfigure(context.orElse(null));
        return new KubernetesCluster(new KubernetesClientBuilder().withConfig(config).build(), settings);
    }

    public KubernetesRunner runner() {
        return runner;
    }

    /**
     * One line for {@code doctor}: the API server, its version, the namespace.
     *
     * @throws InfraException when the API server does not answer or the namespace does not exist
     */
    public String describe() {
        try {
            String version = client.getKubernetesVersion().getGitVersion();
            if (client.namespaces().withName(settings.namespace()).get() == null) {
                throw new InfraException("the namespace '" + settings.namespace() + "' does not exist at "
                        + client.getMasterUrl(), "kubectl create namespace " + settings.namespace()
                        + " (or set kubernetes.namespace)");
            }
            return "Kubernetes " + version + " at " + client.getMasterUrl() + ", namespace " + settings.namespace();
        } catch (KubernetesClientException e) {
            throw new InfraException("the Kubernetes API at " + client.getMasterUrl() + " does not answer: "
                    + rootMessage(e), "check kubernetes.context and the kubeconfig ('kubectl cluster-info')", e);
        }
    }

    /** fabric8 wraps the transport's failure ("An error has occurred."); the innermost message says what happened. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
                + t.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }
}
