package org.kmodfarm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.kmodfarm.core.config.FarmConfig;
import picocli.CommandLine;

/** Wires a command line: the root command, its context, the streams and the error reporter. */
public final class Cli {
    private Cli() {
    }

    /** Runs one command line and returns its exit code; the services are closed afterwards. */
    public static int run(String[] args, Path workDir, Map<String, String> env,
                          Function<FarmConfig, Services> services, PrintWriter out, PrintWriter err) {
        try (Context context = new Context(workDir, env, services)) {
            context.streams(out, err);
            CommandFactory factory = new CommandFactory(context);
            CommandLine cl = new CommandLine(new KmodfarmCommand(context), factory);
            BinaryPackagesCommand.register(cl, context, factory);
            cl.setOut(out).setErr(err)
                    .setExecutionExceptionHandler(new ErrorReporter())
                    .setCaseInsensitiveEnumValuesAllowed(true);
            return cl.execute(args);
        }
    }

    /** Lets subcommands receive the shared context through their constructor. */
    private record CommandFactory(Context context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(Context.class).newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
