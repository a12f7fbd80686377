package org.kmodfarm.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodfarm.core.apt.MirrorDefaults;
import org.kmodfarm.core.config.ConfigValue;
import org.kmodfarm.core.doctor.CheckResult;
import org.kmodfarm.core.doctor.Doctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the effective configuration and checks what kmodfarm needs on this machine. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Prints the effective configuration and checks this machine: the Docker engine and its API "
                + "version, free disk, the package mirrors, the bootstrap tool.",
                "Every failed check prints the command that fixes it; the exit code is 3 when one failed."})
final class DoctorCommand implements Callable<Integer> {
    private final Context context;

    @Option(names = "--json", description = "Print the configuration and the checks as JSON.")
    boolean json;

    DoctorCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        MirrorDefaults mirrors = context.mirrorDefaults();
        List<CheckResult> checks = new ArrayList<>();
        checks.add(Doctor.engine(() -> context.services().engineProbe()));
        checks.add(Doctor.disk(context.tree()));
        checks.add(Doctor.mirror("mirror", mirrors.main().value()));
        checks.add(Doctor.mirror("security-mirror", mirrors.security().value()));
        checks.add(Doctor.bootstrapTool());
        boolean ok = checks.stream().allMatch(CheckResult::ok);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", VersionProvider.version());
            doc.put("configuration", context.config().effective().stream()
                    .map(v -> Map.of("key", v.setting().key(), "value", v.value(), "origin", v.origin())).toList());
            doc.put("checks", checks);
            doc.put("ok", ok);
            Json.print(context.out(), doc);
        } else {
            print(checks, mirrors);
        }
        return ok ? ExitCodes.OK : ExitCodes.INFRA;
    }

    private void print(List<CheckResult> checks, MirrorDefaults mirrors) {
        var out = context.out();
        out.println("kmodfarm " + VersionProvider.version());
        out.println();
        out.println("Configuration (option > environment > file > default):");
        Table config = new Table("  SETTING", "VALUE", "FROM");
        for (ConfigValue v : context.config().effective()) {
            config.row("  " + v.setting().key(), v.value().isEmpty() ? "-" : v.value(), v.origin());
        }
        config.print(out);
        out.println("  (mirrors in use: " + mirrors.main().value() + " from " + mirrors.main().where() + "; "
                + mirrors.security().value() + " from " + mirrors.security().where() + ")");
        out.println();
        out.println("Checks:");
        for (CheckResult c : checks) {
            out.println("  " + (c.ok() ? "ok  " : "FAIL") + "  " + c.name() + ": " + c.detail());
            if (!c.ok()) {
                out.println("        fix: " + c.fix());
            }
        }
        out.flush();
    }
}
