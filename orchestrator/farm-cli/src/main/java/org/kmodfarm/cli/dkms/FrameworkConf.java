package org.kmodfarm.cli.dkms;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kmodfarm.dkms.ShellInvocation;
import org.kmodfarm.dkms.ShellResult;
import org.kmodfarm.dkms.ShellRunner;

/**
 * DKMS 3.2.2's {@code read_framework_conf}: {@code /etc/dkms/framework.conf} then
 * {@code /etc/dkms/framework.conf.d/*.conf} sourced by bash, keeping only the variables asked for (element 0).
 * DKMS re-reads some lazily, after {@code kernelver} is set, so the caller passes it.
 */
final class FrameworkConf {
    private static final String SCRIPT = """
            kernelver="$1"; shift
            for i in /etc/dkms/framework.conf /etc/dkms/framework.conf.d/*.conf; do
                [[ -e "$i" ]] && . "$i" >/dev/null 2>&1
            done
            for v in "$@"; do printf '%s=%s\\0' "$v" "${!v%$'\\r'}"; done
            """;

    private final ShellRunner shell;
    private final Host host;

    FrameworkConf(ShellRunner shell, Host host) {
        this.shell = shell;
        this.host = host;
    }

    /** The values of {@code names} after sourcing; empty strings for unset ones. */
    Map<String, String> read(String kernelver, List<String> names) {
        List<String> args = new java.util.ArrayList<>();
        args.add(kernelver);
        args.addAll(names);
        ShellResult result = shell.run(new ShellInvocation(SCRIPT, "dkms", args, host.environment(),
                host.workingDirectory()));
        Map<String, String> values = new HashMap<>();
        names.forEach(n -> values.put(n, ""));
        for (String pair : new String(result.stdout(), StandardCharsets.UTF_8).split("\0")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }
}
