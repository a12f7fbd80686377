package org.kmodfarm.packaging.module;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.kmodfarm.core.farm.CellResult;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import org.kmodfarm.packaging.rpm.RpmSigner;
import org.kmodfarm.packaging.rpm.RpmWriter;

/**
 * What the caller decides about packages besides their content.
 *
 * @param maintainer      {@code Name <address>}
 * @param sourceDateEpoch {@code SOURCE_DATE_EPOCH} as the caller's environment gives it; empty when unset
 * @param rpmSigner       signs every RPM made (binary, source, KMP, those on driver disks); empty: unsigned
 * @param lastGood        a kernel whose newest build is not BUILT is packaged from its last good build (the
 *                        newest BUILT record of the same cell a kept run names) instead of being refused
 */
public record PackagingOptions(String maintainer, Optional<String> sourceDateEpoch, Optional<RpmSigner> rpmSigner,
                               boolean lastGood) {
    /** Used when neither SOURCE_DATE_EPOCH nor a record gives a time: 2000-01-01, as TarWriter's default. */
    private static final Instant FALLBACK = Instant.parse("2000-01-01T00:00:00Z");

    public PackagingOptions {
        Objects.requireNonNull(maintainer, "maintainer");
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
        Objects.requireNonNull(rpmSigner, "rpmSigner");
    }

    /** Options for unsigned RPMs of the newest builds. */
    public PackagingOptions(String maintainer, Optional<String> sourceDateEpoch) {
        this(maintainer, sourceDateEpoch, Optional.empty(), false);
    }

    /** The writer of RPMs, signing them when a signer is given. */
    public RpmWriter rpmWriter() {
        return rpmSigner.map(RpmWriter::new).orElseGet(RpmWriter::new);
    }

    public PackagingOptions withLastGood(boolean fallBack) {
        return new PackagingOptions(maintainer, sourceDateEpoch, rpmSigner, fallBack);
    }

    /**
     * The one time stamp of packages made from {@code cells}: {@code SOURCE_DATE_EPOCH} when set (the
     * reproducible-builds convention), else the end of the newest of those builds, so the same tree gives the
     * same packages on any day.
     *
     * @throws BadInputException when SOURCE_DATE_EPOCH is not a number of seconds
     */
    public Instant time(List<CellResult> cells) {
        return timeOr(cells.stream().map(CellResult::finishedAt).filter(t -> t != null && !t.isEmpty())
                .map(Instant::parse).max(Instant::compareTo)
                .map(t -> Instant.ofEpochSecond(t.getEpochSecond())).orElse(FALLBACK));
    }

    /**
     * {@code SOURCE_DATE_EPOCH} when set, else {@code fallback} (what the packaged content is dated).
     *
     * @throws BadInputException when SOURCE_DATE_EPOCH is not a number of seconds
     */
    public Instant timeOr(Instant fallback) {
        if (sourceDateEpoch.isPresent()) {
            String text = sourceDateEpoch.get().strip();
            if (!text.matches("\\d{1,12}")) {
                throw new BadInputException(new Problem(SourceLocation.wholeFile(Path.of("$SOURCE_DATE_EPOCH")),
                        "SOURCE_DATE_EPOCH is '" + text + "', not a number of seconds since 1970",
                        "set it to e.g. $(git log -1 --format=%ct), or unset it"));
            }
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        return fallback;
    }
}
