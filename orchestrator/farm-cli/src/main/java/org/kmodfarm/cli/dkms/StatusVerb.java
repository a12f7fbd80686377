package org.kmodfarm.cli.dkms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kmodfarm.dkms.tree.DkmsTree;
import org.kmodfarm.dkms.tree.StatusEntry;

/**
 * DKMS 3.2.2's {@code show_status} with its exact line formats, or (kmodfarm's {@code --json}) the same
 * entries as a JSON array. Always exits 0, as DKMS does.
 */
final class StatusVerb {
    private final DkmsTree tree;
    private final StatusNotes notes;
    private final Console console;

    StatusVerb(DkmsTree tree, StatusNotes notes, Console console) {
        this.tree = tree;
        this.notes = notes;
        this.console = console;
    }

    int run(DkmsOptions options, KernelTargets targets) {
        List<Map<String, Object>> json = new ArrayList<>();
        int passes = Math.max(1, targets.kernels().size());
        for (int j = 0; j < passes; j++) {
            for (StatusEntry entry : tree.status(options.module(), options.moduleVersion(), targets.kernel(j),
                    targets.arch(j))) {
                if (options.json()) {
                    json.add(toJson(entry));
                } else {
                    print(entry);
                }
            }
        }
        if (options.json()) {
            try {
                console.out(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("maps of strings are always serialisable", e);
            }
        }
        return 0;
    }

    private void print(StatusEntry entry) {
        String mv = entry.moduleVersion().toString();
        if (entry instanceof StatusEntry.Broken) {
            console.out(mv + ": broken");
            console.error(List.of(mv + ": Missing the module source directory or the symbolic link pointing to it.",
                    "Manual intervention is required!"));
        } else if (entry instanceof StatusEntry.Added) {
            console.out(mv + ": added");
        } else if (entry instanceof StatusEntry.Built b) {
            console.print(mv + ", " + b.target().kernel() + ", " + b.target().arch() + ": "
                    + (b.installed() ? "installed" : "built"));
            StringBuilder tail = new StringBuilder();
            try {
                notes.of(b).forEach(note -> tail.append(" (").append(note).append(')'));
            } catch (DkmsExit e) {
                e.stderrLines().forEach(console::err);
            }
            console.out(tail.toString());
        }
    }

    private Map<String, Object> toJson(StatusEntry entry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("module", entry.moduleVersion().module());
        m.put("version", entry.moduleVersion().version());
        if (entry instanceof StatusEntry.Broken) {
            m.put("state", "broken");
        } else if (entry instanceof StatusEntry.Added) {
            m.put("state", "added");
        } else if (entry instanceof StatusEntry.Built b) {
            m.put("kernel", b.target().kernel());
            m.put("arch", b.target().arch());
            m.put("state", b.installed() ? "installed" : "built");
            List<String> list;
            try {
                list = notes.of(b);
            } catch (DkmsExit e) {
                list = List.of("dkms.conf unreadable");
            }
            m.put("notes", list);
        }
        return m;
    }
}
