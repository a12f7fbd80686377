package org.kmodfarm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.kmodfarm.core.images.BuilderImage;
import org.kmodfarm.dkms.ConfEvaluator;
import org.kmodfarm.dkms.ConfReader;
import org.kmodfarm.dkms.DestinationPolicy;
import org.kmodfarm.dkms.DkmsConf;
import org.kmodfarm.dkms.EvaluationContext;
import org.kmodfarm.dkms.ReadMode;
import org.kmodfarm.dkms.ReadResult;
import org.kmodfarm.dkms.SandboxShellRunner;
import org.kmodfarm.model.BadInputException;
import org.kmodfarm.model.Problem;
import org.kmodfarm.model.SourceLocation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Shows how DKMS 3.2.2 reads a module's dkms.conf for each kernel of the matrix. The file is untrusted: it is
 * evaluated inside the sandbox of each kernel's builder image, where it sees that kernel's headers and
 * config and nothing of this machine. A file DKMS would refuse is bad input (exit 2) with DKMS's messages.
 */
@Command(name = "conf", mixinStandardHelpOptions = true,
        description = {"Evaluates SOURCE/dkms.conf as DKMS 3.2.2 does, once per kernel, inside each kernel's "
                + "builder image (no network, non-root, read-only root), and prints the modules, their "
                + "destination, the make command and whether BUILD_EXCLUSIVE rules skip the kernel.",
                "A dkms.conf DKMS would refuse exits 2 with DKMS's own messages; nothing is written."})
final class ConfCommand implements Callable<Integer> {
    private final Context context;

    @Parameters(paramLabel = "SOURCE", description = "Module source folder holding dkms.conf.")
    Path source;

    @Mixin
    KernelSelection selection;

    @Option(names = "--json", description = "Print the evaluated configuration per kernel as JSON.")
    boolean json;

    ConfCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Path dir = context.resolvePath(source);
        Path conf = dir.resolve("dkms.conf");
        if (!Files.isRegularFile(conf)) {
            throw new BadInputException(new Problem(SourceLocation.wholeFile(conf), "no dkms.conf here",
                    "give the folder of a DKMS module source (the one holding dkms.conf)"));
        }
        List<BuilderImage> images = ImagesCommand.ensure(context, selection.targets(context), false);
        Map<BuilderImage, DkmsConf> read = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (BuilderImage image : images) {
            ReadResult r = read(image, dir);
            if (r instanceof ReadResult.Valid valid) {
                read.put(image, valid.conf());
                valid.messages().forEach(m -> context.err().println(image.target().kernel() + ": " + m));
            } else {
                String kernel = image.target().kernel().value();
                r.messages().stream().filter(m -> !m.isBlank()).forEach(m -> problems.add(new Problem(
                        SourceLocation.wholeFile(conf), m + " (read for " + kernel + ")",
                        "fix dkms.conf; DKMS itself would refuse it")));
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        print(read);
        return ExitCodes.OK;
    }

    private ReadResult read(BuilderImage image, Path dir) {
        String kernel = image.target().kernel().value();
        SandboxShellRunner shell = new SandboxShellRunner(context.services().sandbox(), image.tag(), dir,
                Duration.ofMinutes(2), Map.of("kmodfarm.kernel", kernel, "kmodfarm.step", "conf"));
        EvaluationContext ctx = EvaluationContext.defaults(SandboxShellRunner.SOURCE + "/dkms.conf", "", "",
                kernel, image.target().arch().kernel()).withWorkingDirectory(SandboxShellRunner.SOURCE);
        return new ConfReader(new ConfEvaluator(shell), new DestinationPolicy(image.target().distro(), ""))
                .read(ctx, ReadMode.STRICT, SandboxShellRunner.SOURCE + "/dkms.conf");
    }

    private void print(Map<BuilderImage, DkmsConf> read) {
        if (json) {
            List<Map<String, Object>> out = new ArrayList<>();
            read.forEach((image, conf) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kernel", image.target().kernel().value());
                m.put("package", conf.pkg());
                m.put("modules", conf.modules());
                m.put("make", conf.plan().makeCommand());
                m.put("patches", conf.plan().patches());
                m.put("excludedBy", conf.plan().exclusion().reasons());
                m.put("autoinstall", conf.autoinstall());
                out.add(m);
            });
            Json.print(context.out(), out);
            return;
        }
        Table table = new Table("KERNEL", "MODULES", "BUILD", "MAKE");
        read.forEach((image, conf) -> table.row(image.target().kernel().value(),
                conf.modules().stream().map(m -> m.builtPath() + ".ko -> " + m.destLocation() + "/" + m.destName())
                        .collect(Collectors.joining(", ")),
                conf.plan().exclusion().reasons().isEmpty() ? "yes" : "skipped: " + conf.plan().exclusion().reasons(),
                conf.plan().makeCommand()));
        table.print(context.out());
    }
}
