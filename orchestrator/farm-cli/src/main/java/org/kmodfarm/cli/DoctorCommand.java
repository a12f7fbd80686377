package org.kmodfarm.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kmodfarm.core.apt.MirrorDefaults;
import org.kmodfarm.core.config.CellRuntimeKind;
import org.kmodfarm.core.config.ConfigValue;
import org.kmodfarm.core.doctor.CheckResult;
import org.kmodfarm.core.doctor.Doctor;
import org.kmodfarm.core.farm.SigningFiles;
import org.kmodfarm.core.matrix.Located;
import org.kmodfarm.core.matrix.MatrixParser;
import org.kmodfarm.core.matrix.TargetGroup;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.InfraException;
import org.kmodfarm.packaging.rpm.RpmSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints the effective configuration and checks what kmodfarm needs on this machine. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Prints the effective configuration and checks this machine: the Docker engine and its API "
                + "version, free disk, the package mirrors, the bootstrap tool; with runtime swarm (or swarm.host "
                + "set) also the swarm's manager and nodes and the registry; with packaging.rpm-sign-key set, that "
                + "gpg signs with it.",
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
        List<String> suites = probeSuites();
        checks.add(Doctor.mirror("mirror", mirrors.main().value(), suites.get(0)));
        checks.add(Doctor.mirror("security-mirror", mirrors.security().value(), suites.get(1)));
        checks.add(Doctor.bootstrapTool());
        if (context.config().runtime() == CellRuntimeKind.SWARM || context.config().swarmHost().isPresent()) {
            checks.add(Doctor.remote("swarm", () -> context.services().swarm(), "set swarm.host"));
            context.config().swarmRegistry().ifPresent(r -> checks.add(Doctor.registry("swarm.registry", r)));
        }
        if (context.config().runtime() == CellRuntimeKind.KUBERNETES) {
            checks.add(Doctor.remote("kubernetes", () -> context.services().kubernetes(), "set kubernetes.context"));
            context.config().kubernetesRegistry().ifPresent(r -> checks.add(Doctor.registry("kubernetes.registry", r)));
        }
        if (context.config().signingKey().isPresent() || context.config().signingCert().isPresent()) {
            checks.add(signing());
        }
        PackageOutput.options(context).rpmSigner().ifPresent(signer -> checks.add(rpmSigning(signer)));
        boolean ok = checks.stream().allMatch(CheckResult::ok);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", VersionProvider.version());
            doc.put("configuration", context.config().effective().stream()
                    .map(v -> Map.of("key", v.setting().key(), "value", v.shown(), "origin", v.origin())).toList());
            doc.put("checks", checks);
            doc.put("ok", ok);
            Json.print(context.out(), doc);
        } else {
            print(checks, mirrors);
        }
        return ok ? ExitCodes.OK : ExitCodes.INFRA;
    }

    /** A suite of each mirror to probe: the default matrix's first, else Debian's stable ones. */
    private List<String> probeSuites() {
        String main = "stable";
        String security = "stable-security";
        try {
            for (TargetGroup g : MatrixParser.parse(context.matrixFile(null)).groups()) {
                for (Located<String> s : g.suites()) {
                    if (s.value().endsWith("-security")) {
                        security = security.equals("stable-security") ? s.value() : security;
                    } else {
                        main = main.equals("stable") ? s.value() : main;
                    }
                }
            }
        } catch (BadInputException e) {
            // no usable default matrix: probe the generic suites
        }
        return List.of(main, security);
    }

    /** The signing files as the signing step would use them: their paths, never the key's contents. */
    private CheckResult signing() {
        try {
            SigningFiles files = FarmBuilder.signing(context).orElseThrow();
            return CheckResult.pass("signing", "key " + files.key() + ", certificate " + files.cert()
                    + ", readable by the signing container (uid " + SigningFiles.SANDBOX_UID + ")");
        } catch (BadInputException e) {
            return CheckResult.fail("signing", String.join("; ", e.problems().stream()
                    .map(p -> p.what().replaceFirst("^signing: ", "")).toList()),
                    e.problems().get(0).fix());
        }
    }

    /** Signs a few bytes as RPMs would be signed: gpg is there, holds the key, and signs without a prompt. */
    private CheckResult rpmSigning(RpmSigner signer) {
        String key = context.config().rpmSignKey().orElseThrow();
        try {
            signer.sign("kmodfarm doctor".getBytes(StandardCharsets.US_ASCII), Instant.EPOCH);
            return CheckResult.pass("rpm-signing", "gpg signs with key " + key);
        } catch (InfraException e) {
            return CheckResult.fail("rpm-signing", e.getMessage(), e.fix());
        } catch (BadInputException e) {
            return CheckResult.fail("rpm-signing", e.problems().get(0).what(), e.problems().get(0).fix());
        }
    }

    private void print(List<CheckResult> checks, MirrorDefaults mirrors) {
        var out = context.out();
        out.println("kmodfarm " + VersionProvider.version());
        out.println();
        out.println("Configuration (option > environment > file > default):");
        Table config = new Table("  SETTING", "VALUE", "FROM");
        for (ConfigValue v : context.config().effective()) {
            config.row("  " + v.setting().key(), v.value().isEmpty() ? "-" : v.shown(), v.origin());
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
