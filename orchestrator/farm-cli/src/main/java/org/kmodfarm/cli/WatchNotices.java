package org.kmodfarm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodfarm.core.farm.FarmTree;
import org.kmodfarm.core.io.AtomicFiles;
import org.kmodfarm.core.notify.CommandHook;
import org.kmodfarm.core.notify.Notice;
import org.kmodfarm.core.notify.Notifier;
import org.kmodfarm.core.notify.Webhook;
import org.kmodfarm.core.watch.KernelChanges;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.report.Comparison;
import org.kmodfarm.report.ReportCell;
import org.kmodfarm.report.ReportFiles;
import org.kmodfarm.report.RunReport;

/** A watch's notice: made from its kernel changes and run, written next to the run, sent as configured. */
final class WatchNotices {
    private final Context context;
    private final FarmTree tree;

    WatchNotices(Context context, FarmTree tree) {
        this.context = context;
        this.tree = tree;
    }

    /** The notice of a watch; {@code finished} null when it built nothing. */
    static Notice notice(Path matrix, String now, KernelChanges changes, FarmBuilder.Finished finished) {
        List<Notice.Regression> regressions = new ArrayList<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        Map<String, String> reports = new LinkedHashMap<>();
        if (finished != null) {
            RunReport report = finished.report();
            for (ReportCell c : report.cells()) {
                if (c.comparison() == Comparison.REGRESSION) {
                    regressions.add(new Notice.Regression(c.row().cell(), c.detail(), c.baseline().runId(),
                            c.baseline().kernel()));
                }
            }
            for (CellOutcome o : CellOutcome.values()) {
                outcomes.put(o.name(), report.summary().count(o));
            }
            Path dir = finished.html().getParent();
            ReportFiles.NAMES.forEach((file, format) -> reports.put(format, dir.resolve(file).toString()));
        }
        return new Notice(Notice.SCHEMA, "kmodfarm.watch", matrix.toString(), now,
                finished == null ? null : finished.report().summary().runId(),
                changes.appeared().stream().map(t -> t.kernel().value() + " " + t.arch().kernel()).toList(),
                changes.gone().stream().map(k -> k.kernel() + " " + k.arch()).toList(), regressions, outcomes,
                reports);
    }

    /** Writes the notice (into the run folder, else {@code watch/notices/}) and sends it as configured. */
    void send(Notice notice, Path runDir) throws IOException, InterruptedException {
        byte[] body = FarmTree.json(notice);
        // without a run (kernels only left), notices are kept by time beside the watch states
        Path file = runDir != null ? runDir.resolve("notice.json") : tree.meta().resolve("watch/notices")
                .resolve(notice.at().replace(":", "") + ".json");
        AtomicFiles.write(file, body);
        List<Notifier> notifiers = new ArrayList<>();
        context.config().webhookUrl().ifPresent(url -> notifiers.add(new Webhook(url, context.config().webhookSecret(),
                Duration.ofSeconds(30))));
        context.config().watchCommand().ifPresent(c -> notifiers.add(new CommandHook(c, file, Duration.ofMinutes(5))));
        context.out().println("notice: " + notice.newKernels().size() + " new kernel(s), "
                + notice.goneKernels().size() + " gone, " + notice.regressions().size() + " regression(s): " + file);
        for (Notifier n : notifiers) {
            n.send(notice, body);
            context.out().println("notified " + n.describe());
        }
        context.out().flush();
    }
}
