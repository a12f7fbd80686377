package org.kmodfarm.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.kmodfarm.report.FailOn;
import org.kmodfarm.report.RunReport;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --fail-on regression|failing|error}, shared by the verbs that end in a report. */
final class FailOnOption {
    @Option(names = "--fail-on", paramLabel = "CONDITION", split = ",", converter = FailOnConverter.class,
            description = "Exit with 4 when the run has a REGRESSION (regression), a FAILED or timed-out cell "
                    + "(failing) or an infrastructure ERROR left (error); comma-separated or repeated. When given, "
                    + "it decides instead of exit code 1.")
    List<FailOn> conditions = List.of();

    /** True when given. */
    boolean given() {
        return !conditions.isEmpty();
    }

    /** The conditions {@code report} meets. */
    Set<FailOn> met(RunReport report) {
        Set<FailOn> met = EnumSet.noneOf(FailOn.class);
        conditions.stream().filter(c -> c.met(report)).forEach(met::add);
        return met;
    }

    /** picocli's view of {@link FailOn#parse}: an unknown name is a usage error listing the valid ones. */
    static final class FailOnConverter implements ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            try {
                return FailOn.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
