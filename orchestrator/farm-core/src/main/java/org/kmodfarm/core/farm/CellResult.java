package org.kmodfarm.core.farm;

import java.util.List;
import java.util.Objects;
import org.kmodfarm.model.CellOutcome;

/**
 * A cell's record, written as {@code .kmodfarm/cells/NAME/VERSION/KERNEL/ARCH/result.json}: everything known
 * about one cell's last build. The artifacts it names live content-addressed under {@code .kmodfarm/objects/}.
 *
 * @param schema      this format's version
 * @param target      distro, release, suite and flavour of the kernel
 * @param attempts    executions, retries included
 * @param image       the builder image's tag and id
 * @param cacheKey    digest of the raw inputs; an unchanged key is not built again
 * @param sourceHash  the module source tree's digest
 * @param stage       the DKMS stage that ran last ({@code add}, {@code build}); empty when none reported
 * @param dkmsStatus  DKMS's status of that stage, -1 when none reported
 * @param compression the suffix the modules were compressed with, as the target kernel's .config asks
 * @param modules     the built modules with their modinfo (BUILT cells)
 * @param firstError  the first error, for failed builds; null otherwise
 * @param makeLog     digest of the (capped) make.log object; empty when there is none
 * @param buildLog    digest of the cell's whole output object
 * @param logCapped   whether make.log was cut to its cap
 * @param reproducer  one command that builds this cell again
 * @param runId       the run that built it
 * @param signer      who signed the modules; empty when unsigned
 * @param compilerCache the compiler cache's hits and misses in this build
 * @param load        the load test of these modules; null when they were never load-tested (records written
 *                    before load tests existed have none either)
 */
public record CellResult(int schema, CellId cell, Target target, CellOutcome outcome, String reason, int attempts,
                         CellTimings timings, Image image, String cacheKey, String sourceHash, String stage,
                         int dkmsStatus, String compression, List<ModuleInfo> modules, FirstError firstError,
                         String makeLog, String buildLog, boolean logCapped, String reproducer, String runId,
                         String startedAt, String finishedAt, String signer, CompilerCacheStats compilerCache,
                         CellLoad load) {
    public static final int SCHEMA = 1;

    /** The kernel's place in the matrix. */
    public record Target(String distro, String release, String suite, String flavour, String group) {
    }

    /** The builder image a cell ran in. */
    public record Image(String tag, String id) {
    }

    public CellResult {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(cacheKey, "cacheKey");
        modules = List.copyOf(modules);
    }

    /** This record with the load test of its modules. */
    public CellResult withLoad(CellLoad newLoad) {
        return new CellResult(schema, cell, target, outcome, reason, attempts, timings, image, cacheKey, sourceHash,
                stage, dkmsStatus, compression, modules, firstError, makeLog, buildLog, logCapped, reproducer, runId,
                startedAt, finishedAt, signer, compilerCache, newLoad);
    }
}
