package org.kmodfarm.core.config;

import java.util.Locale;

/**
 * One configuration setting: its key in {@code kmodfarm.yaml} (dotted for nesting), its default, and
 * what it means. Its environment variable is derived: {@code images.base-source} → {@code KMODFARM_IMAGES_BASE_SOURCE}.
 */
public enum Setting {
    TREE("tree", "results", "the results tree (DKMS layout plus .kmodfarm/)"),
    CACHE_DIR("cache-dir", "", "where repository indexes are cached (default: TREE/.kmodfarm/cache)"),
    MIRROR("mirror", "", "Debian archive root for matrices that name none (default: the machine's apt sources)"),
    SECURITY_MIRROR("security-mirror", "", "archive root for *-security suites (default: the machine's apt sources)"),
    INDEX_MAX_AGE("index-max-age", "6h", "how old a cached Release file may be before it is fetched again"),
    JOBS("jobs", "auto", "cells run side by side (auto: one per core, fewer when memory is short: 1.5 GiB each)"),
    TIMEOUT("timeout", "30m", "wall-clock limit of one cell"),
    RETRY_TIMEOUTS("retry-timeouts", "false", "whether a cell that hit its wall-clock limit is retried like an "
            + "infrastructure error (a loaded machine, not the module, made it slow)"),
    COMPILER_CACHE("cell.compiler-cache", "false", "whether cells keep a ccache volume per module source and "
            + "builder image: rebuilds after a source change get about 3x faster, first builds about 1.8x slower"),
    CELL_MEMORY("cell.memory", "auto", "memory limit of one cell, swap included (auto: 3/4 of the machine's memory "
            + "shared among the jobs, between 1g and 8g)"),
    DOCKER_HOST("docker.host", "", "Docker engine endpoint (default: DOCKER_HOST, else unix:///var/run/docker.sock)"),
    RUNTIME("runtime", "docker", "where cells run: docker (the engine at docker.host), swarm (a Docker Swarm: "
            + "swarm.host, swarm.registry) or kubernetes (kubernetes.context, kubernetes.registry)"),
    SWARM_HOST("swarm.host", "", "a manager of the Docker Swarm that runs the cells of --runtime swarm, e.g. "
            + "unix:///run/kmodfarm-swarm-0.sock or tcp://HOST:2376"),
    SWARM_REGISTRY("swarm.registry", "", "HOST:PORT of the registry the swarm's nodes pull cell images from; the "
            + "engine at docker.host pushes there (none: only a swarm whose nodes share docker.host's images)"),
    SWARM_CONSTRAINTS("swarm.constraints", "", "placement constraints of every cell's service besides its "
            + "architecture, comma-separated, e.g. node.labels.kmodfarm==yes"),
    KUBERNETES_CONTEXT("kubernetes.context", "", "the kubeconfig context of the cluster that runs the cells of "
            + "--runtime kubernetes (default: the kubeconfig's current context, or the pod's service account)"),
    KUBERNETES_NAMESPACE("kubernetes.namespace", "kmodfarm", "the namespace cells' Jobs run in (it must exist)"),
    KUBERNETES_REGISTRY("kubernetes.registry", "", "HOST:PORT of the registry the cluster's nodes pull cell images "
            + "from; the engine at docker.host pushes there"),
    KUBERNETES_NODE_SELECTOR("kubernetes.node-selector", "", "node labels every cell needs besides its "
            + "architecture, comma-separated KEY=VALUE"),
    BASE_SOURCE("images.base-source", "auto", "where base images come from: auto, pull or bootstrap"),
    PULL_TIMEOUT("images.pull-timeout", "20s", "how long a base image pull may take before bootstrapping"),
    CHECK_VALID_UNTIL("images.check-valid-until", "false",
            "whether apt refuses Release files past Valid-Until (snapshot mirrors serve such files)"),
    WEBHOOK_URL("watch.webhook-url", "", "where watch POSTs its JSON notice of new regressions and kernels "
            + "(none: no webhook)"),
    WEBHOOK_SECRET("watch.webhook-secret", "", "the key of the notice's HMAC-SHA256 signature "
            + "(X-Kmodfarm-Signature-256: sha256=HEX); keep it in the environment rather than the file"),
    WATCH_COMMAND("watch.command", "", "a command watch runs for new regressions and kernels, with the report "
            + "files as arguments and KMODFARM_* variables (run by sh -c)"),
    GC_KEEP_RUNS("gc.keep-runs", "30", "runs gc keeps besides those holding a last good build"),
    GC_CACHE_MAX("gc.cache-max", "10g", "the size gc trims the cell cache and unpacked archives to"),
    SIGNING_KEY("signing.key", "", "the private key (PEM) BUILT modules are signed with, after the build, in a "
            + "container of their own where only it is mounted, read-only; it must be readable by the sandbox user "
            + "(uid 1000) and is never copied (none: modules are not signed)"),
    SIGNING_CERT("signing.cert", "", "the certificate of signing.key (PEM or DER); its digest is part of every "
            + "cell's cache key, so a new certificate signs everything again"),
    MAINTAINER("packaging.maintainer", "kmodfarm <packages@kmodfarm.invalid>",
            "the Maintainer of the packages kmodfarm makes, 'Name <address>' (the default's .invalid host is "
                    + "reserved: set your own)"),
    RPM_SIGN_KEY("packaging.rpm-sign-key", "", "the GnuPG secret key (id, fingerprint or address, in GNUPGHOME's "
            + "keyring) every RPM kmodfarm makes is signed with, as rpmsign --addsign signs (none: unsigned)");

    private final String key;
    private final String defaultValue;
    private final String help;

    Setting(String key, String defaultValue, String help) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    public String environmentVariable() {
        return "KMODFARM_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    public static Setting ofKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no setting '" + key + "'");
    }
}
