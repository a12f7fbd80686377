package org.kmodfarm.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.kmodfarm.core.images.BaseSource;
import org.kmodfarm.core.images.ImageSettings;

/**
 * The effective configuration: every setting, typed, with the origin of its value. Built by
 * {@link ConfigLoader}, which has validated every value, so the accessors cannot fail.
 */
public final class FarmConfig {
    private final Map<Setting, ConfigValue> values;

    FarmConfig(List<ConfigValue> values) {
        this.values = values.stream().collect(Collectors.toUnmodifiableMap(ConfigValue::setting, v -> v));
    }

    /** Every setting in declaration order, for {@code doctor}. */
    public List<ConfigValue> effective() {
        return java.util.Arrays.stream(Setting.values()).map(values::get).toList();
    }

    public ConfigValue value(Setting s) {
        return values.get(s);
    }

    private String text(Setting s) {
        return values.get(s).value();
    }

    public Path tree() {
        return Path.of(text(Setting.TREE));
    }

    public Path cacheDir() {
        String dir = text(Setting.CACHE_DIR);
        return dir.isEmpty() ? tree().resolve(".kmodfarm").resolve("cache") : Path.of(dir);
    }

    public Optional<URI> mirror() {
        return optionalUri(Setting.MIRROR);
    }

    public Optional<URI> securityMirror() {
        return optionalUri(Setting.SECURITY_MIRROR);
    }

    public Duration indexMaxAge() {
        return Durations.parse(text(Setting.INDEX_MAX_AGE));
    }

    /** Cells side by side; {@code auto} is one per core, bounded by memory (1.5 GiB per cell). */
    public int jobs() {
        String text = text(Setting.JOBS);
        if (!text.equals("auto")) {
            return Integer.parseInt(text);
        }
        return (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), physicalMemory() / (3L << 29)));
    }

    public Duration timeout() {
        return Durations.parse(text(Setting.TIMEOUT));
    }

    public boolean compilerCache() {
        return Boolean.parseBoolean(text(Setting.COMPILER_CACHE));
    }

    public boolean retryTimeouts() {
        return Boolean.parseBoolean(text(Setting.RETRY_TIMEOUTS));
    }

    /** The machine's memory in bytes (4 GiB when the JVM cannot tell), which jobs and cell limits share. */
    public static long physicalMemory() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getTotalMemorySize() : 4L << 30;
    }

    /** The memory limit of one cell, or empty for "auto" (the scheduler shares the machine's memory). */
    public java.util.OptionalLong cellMemory() {
        String text = text(Setting.CELL_MEMORY);
        return text.equals("auto") ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(Sizes.parse(text));
    }

    public Optional<String> dockerHost() {
        return optionalText(Setting.DOCKER_HOST);
    }

    public CellRuntimeKind runtime() {
        return CellRuntimeKind.parse(text(Setting.RUNTIME));
    }

    public Optional<String> swarmHost() {
        return optionalText(Setting.SWARM_HOST);
    }

    public Optional<String> swarmRegistry() {
        return optionalText(Setting.SWARM_REGISTRY);
    }

    /** Placement constraints of every swarm cell besides its architecture. */
    public List<String> swarmConstraints() {
        return list(text(Setting.SWARM_CONSTRAINTS));
    }

    public Optional<String> kubernetesContext() {
        return optionalText(Setting.KUBERNETES_CONTEXT);
    }

    public String kubernetesNamespace() {
        return text(Setting.KUBERNETES_NAMESPACE);
    }

    public Optional<String> kubernetesRegistry() {
        return optionalText(Setting.KUBERNETES_REGISTRY);
    }

    /** The node labels every Kubernetes cell needs besides its architecture. */
    public Map<String, String> kubernetesNodeSelector() {
        Map<String, String> selector = new java.util.TreeMap<>();
        for (String pair : list(text(Setting.KUBERNETES_NODE_SELECTOR))) {
            int eq = pair.indexOf('=');
            selector.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return selector;
    }

    /** The items of a comma-separated setting, trimmed, without empty ones. */
    static List<String> list(String text) {
        return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The Maintainer of packages, {@code Name <address>}. */
    public String maintainer() {
        return text(Setting.MAINTAINER);
    }

    /** The GnuPG key RPMs are signed with; empty: unsigned. */
    public Optional<String> rpmSignKey() {
        return optionalText(Setting.RPM_SIGN_KEY);
    }

    public ImageSettings images() {
        return new ImageSettings(BaseSource.parse(text(Setting.BASE_SOURCE)),
                Durations.parse(text(Setting.PULL_TIMEOUT)), Boolean.parseBoolean(text(Setting.CHECK_VALID_UNTIL)));
    }

    public Optional<URI> webhookUrl() {
        return optionalUri(Setting.WEBHOOK_URL);
    }

    public String webhookSecret() {
        return text(Setting.WEBHOOK_SECRET);
    }

    public Optional<String> watchCommand() {
        return optionalText(Setting.WATCH_COMMAND);
    }

    public int gcKeepRuns() {
        return Integer.parseInt(text(Setting.GC_KEEP_RUNS));
    }

    public long gcCacheMax() {
        return Sizes.parse(text(Setting.GC_CACHE_MAX));
    }

    /** The signing key and certificate as configured (relative to the working directory); empty: no signing. */
    public Optional<String> signingKey() {
        return optionalText(Setting.SIGNING_KEY);
    }

    public Optional<String> signingCert() {
        return optionalText(Setting.SIGNING_CERT);
    }

    /** A setting whose empty value means "not set". */
    private Optional<String> optionalText(Setting s) {
        return Optional.of(text(s)).filter(v -> !v.isEmpty());
    }

    private Optional<URI> optionalUri(Setting s) {
        return optionalText(s).map(URI::create);
    }
}
