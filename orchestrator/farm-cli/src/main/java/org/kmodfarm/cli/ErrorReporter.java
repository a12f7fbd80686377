package org.kmodfarm.cli;

import java.io.PrintWriter;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.model.Problem;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The one place where failures become words and exit codes. */
final class ErrorReporter implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        return report(ex, cmd.getErr());
    }

    /** Writes what failed and how to fix it; returns the exit code that goes with it. */
    static int report(Exception ex, PrintWriter err) {
        if (ex instanceof BadInputException bad) {
            for (Problem p : bad.problems()) {
                err.println("error: " + p.where() + ": " + p.what());
                if (!p.fix().isEmpty()) {
                    err.println("  fix: " + p.fix());
                }
            }
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof InfraException infra) {
            err.println("error: " + infra.getMessage());
            if (!infra.fix().isEmpty()) {
                err.println("  fix: " + infra.fix());
            }
            err.flush();
            return ExitCodes.INFRA;
        }
        if (ex instanceof InterruptedException) {
            err.println("interrupted");
            err.flush();
            return ExitCodes.INTERRUPTED;
        }
        err.println("internal error (please report it with the command line that caused it): " + ex);
        for (StackTraceElement e : ex.getStackTrace()) {
            err.println("    at " + e);
        }
        err.flush();
        return ExitCodes.INFRA;
    }
}
