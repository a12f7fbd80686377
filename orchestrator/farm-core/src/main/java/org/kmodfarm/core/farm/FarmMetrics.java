package org.kmodfarm.core.farm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * A run's metrics: cell durations and outcomes, retries, cache hits; written with the run in Prometheus's
 * text format. Thread-safe.
 */
public final class FarmMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter cacheHits = Counter.builder("kmodfarm.cache.hits")
            .description("cells whose result came from the cache").register(registry);
    private final Counter retries = Counter.builder("kmodfarm.cell.retries")
            .description("executions repeated after an infrastructure error").register(registry);

    void cacheHit() {
        cacheHits.increment();
    }

    void cell(CellResult result, int retried) {
        Timer.builder("kmodfarm.cell.duration").description("time from a worker taking a cell to its stored result")
                .tag("outcome", result.outcome().name()).tag("kernel", result.cell().kernel())
                .register(registry).record(Duration.ofMillis(result.timings().totalMs()));
        Timer.builder("kmodfarm.cell.compile").description("time the cell's container ran")
                .tag("outcome", result.outcome().name()).register(registry)
                .record(Duration.ofMillis(result.timings().compileMs()));
        retries.increment(retried);
    }

    /** A cell's load test: its verdict, and the machine's time by accelerator. */
    public void load(CellId cell, CellLoad load) {
        Counter.builder("kmodfarm.load.cells").description("load-tested cells by verdict")
                .tag("verdict", load.verdict().name()).tag("kernel", cell.kernel()).register(registry).increment();
        if (!load.accel().isEmpty()) {
            Timer.builder("kmodfarm.load.boot").description("a load test's machine, boot to power-off")
                    .tag("verdict", load.verdict().name()).tag("accel", load.accel()).register(registry)
                    .record(Duration.ofMillis(load.bootMs()));
        }
    }

    /** The Prometheus text exposition of everything recorded. */
    public String scrape() {
        return registry.scrape();
    }
}
