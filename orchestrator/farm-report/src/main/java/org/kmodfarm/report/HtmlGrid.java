package org.kmodfarm.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.kmodfarm.core.farm.CellResult;

/**
 * The HTML report's grid: one row per module version, one column per kernel and arch, columns grouped by distro,
 * then release and flavour. A kernel whose cells carry no record (never ran, record gone) falls into the group
 * {@code unknown}.
 */
final class HtmlGrid {
    /** A column: one kernel of one family. */
    record Column(String distro, String family, String kernel, String arch) {
        String key() {
            return kernel + "\u0000" + arch;
        }
    }

    private static final String UNKNOWN = "unknown";

    final List<Column> columns;
    final Map<String, Map<String, ReportCell>> rows = new TreeMap<>();

    HtmlGrid(RunReport report) {
        Map<String, Column> byKey = new LinkedHashMap<>();
        for (ReportCell c : report.cells()) {
            Column column = column(c);
            Column known = byKey.get(column.key());
            if (known == null || known.distro().equals(UNKNOWN)) {
                byKey.put(column.key(), column);
            }
            rows.computeIfAbsent(c.moduleVersion(), k -> new LinkedHashMap<>()).put(column.key(), c);
        }
        List<Column> sorted = new ArrayList<>(byKey.values());
        sorted.sort(Comparator.comparing((Column c) -> c.distro().equals(UNKNOWN)).thenComparing(Column::distro)
                .thenComparing(Column::family).thenComparing(Column::kernel, ReportLoader.KERNEL_ORDER)
                .thenComparing(Column::arch));
        columns = List.copyOf(sorted);
    }

    /** Runs of adjacent columns with the same value, as (value, span) pairs, for the grouped header rows. */
    List<Map.Entry<String, Integer>> spans(Function<Column, String> by) {
        List<Map.Entry<String, Integer>> spans = new ArrayList<>();
        for (Column c : columns) {
            String v = by.apply(c);
            int last = spans.size() - 1;
            if (last >= 0 && spans.get(last).getKey().equals(v)) {
                spans.set(last, Map.entry(v, spans.get(last).getValue() + 1));
            } else {
                spans.add(Map.entry(v, 1));
            }
        }
        return spans;
    }

    private static Column column(ReportCell c) {
        CellResult.Target t = c.result() == null ? null : c.result().target();
        String kernel = c.kernel().isEmpty() ? c.row().cell() : c.kernel();
        if (t == null || t.distro() == null) {
            return new Column(UNKNOWN, UNKNOWN, kernel, c.arch());
        }
        return new Column(t.distro(), t.release() + " · " + t.flavour(), kernel, c.arch());
    }
}
