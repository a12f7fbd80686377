package org.kmodfarm.report;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.ArrayList;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.kmodfarm.model.CellOutcome;
import org.kmodfarm.model.LoadVerdict;

/**
 * The report as JUnit XML, the form CI servers read (valid for the common {@code junit-10.xsd}): one
 * {@code testsuite} per module version, one {@code testcase} per kernel cell. FAILED is a {@code failure} (message:
 * the first error; text: the reason, the comparison and the log's tail), ERROR and TIMEOUT an {@code error},
 * SKIPPED and cells that never ran {@code skipped} with the reason. Every test case's {@code system-out} names its
 * outcome and comparison class; a regression's message starts with {@code [REGRESSION]}.
 */
public final class JUnitReport implements ReportRenderer {
    @Override
    public String render(RunReport report) {
        Map<String, List<ReportCell>> suites = new TreeMap<>();
        for (ReportCell c : report.cells()) {
            suites.computeIfAbsent(c.moduleVersion(), k -> new ArrayList<>()).add(c);
        }
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "kmodfarm run " + Xml.oneLine(report.summary().runId()));
            attributes(xml, report.cells());
            for (var suite : suites.entrySet()) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testsuite");
                xml.writeAttribute("name", Xml.oneLine(suite.getKey()));
                attributes(xml, suite.getValue());
                xml.writeAttribute("skipped", String.valueOf(count(suite.getValue(), Kind.SKIPPED)));
                xml.writeAttribute("timestamp", Xml.oneLine(report.summary().startedAt()));
                for (ReportCell c : suite.getValue()) {
                    testcase(xml, c);
                }
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("JUnit XML could not be written to memory", e);
        }
        return out + "\n";
    }

    private static void attributes(XMLStreamWriter xml, List<ReportCell> cells) throws XMLStreamException {
        xml.writeAttribute("tests", String.valueOf(cells.size()));
        xml.writeAttribute("failures", String.valueOf(count(cells, Kind.FAILURE)));
        xml.writeAttribute("errors", String.valueOf(count(cells, Kind.ERROR)));
        xml.writeAttribute("time", seconds(cells.stream().mapToLong(c -> c.row().compileMs()).sum()));
    }

    private static void testcase(XMLStreamWriter xml, ReportCell c) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", Xml.oneLine(c.moduleVersion()));
        xml.writeAttribute("name", Xml.oneLine(c.kernel().isEmpty() ? c.row().cell()
                : c.kernel() + " (" + c.arch() + ")"));
        xml.writeAttribute("time", seconds(c.row().compileMs()));
        Kind kind = kind(c);
        String tag = kind == Kind.PASSED ? null : kind.name().toLowerCase(Locale.ROOT);
        if (tag != null) {
            String prefix = c.comparison() == Comparison.REGRESSION ? "[REGRESSION] " : "";
            boolean loadFailed = loadFailed(c);
            xml.writeCharacters("\n      ");
            xml.writeStartElement(tag);
            xml.writeAttribute("message", Xml.oneLine(loadFailed ? "[LOAD_FAILED] " + c.load().reason()
                    : prefix + c.detail()));
            if (kind != Kind.SKIPPED) {
                // skipped carries a message only in the format CI servers read
                xml.writeAttribute("type", loadFailed ? LoadVerdict.LOAD_FAILED.name() : c.row().outcome().name());
            }
            xml.writeCharacters(Xml.clean(loadFailed ? c.load().reason() + "\n" : body(c)));
            xml.writeEndElement();
        }
        xml.writeCharacters("\n      ");
        xml.writeStartElement("system-out");
        xml.writeCharacters(Xml.clean(status(c)));
        xml.writeEndElement();
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
    }

    private static String body(ReportCell c) {
        StringBuilder b = new StringBuilder();
        b.append(c.row().reason() == null ? "" : c.row().reason()).append('\n');
        if (c.row().firstError() != null && !c.row().firstError().isEmpty()) {
            b.append("first error: ").append(c.row().firstError()).append('\n');
        }
        if (!c.logTail().isEmpty()) {
            b.append("--- last ").append(c.logTail().size()).append(" lines of the log ---\n");
            c.logTail().forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }

    /** One line a person can read in the CI's test view. */
    static String status(ReportCell c) {
        String outcome = c.row().outcome() == null ? "not run" : c.row().outcome().name();
        String comparison = c.comparison() == null ? "" : ", comparison " + c.comparison().name();
        String baseline = c.baseline() == null ? "" : " (was " + c.baseline().outcome().name() + " in run "
                + c.baseline().runId() + " on " + c.baseline().kernel() + ")";
        String load = c.load() == null ? "" : ", load " + c.load().verdict().name()
                + (c.load().taintFlags().isEmpty() ? "" : " (taint " + c.load().taintFlags() + ")");
        return "outcome " + outcome + comparison + baseline + load + ", record " + c.source().name();
    }

    private enum Kind { PASSED, FAILURE, ERROR, SKIPPED }

    private static Kind kind(ReportCell c) {
        CellOutcome o = c.row().outcome();
        if (o == null) {
            return Kind.SKIPPED;
        }
        return switch (o) {
            // a module that builds but does not load fails its case
            case BUILT -> loadFailed(c) ? Kind.FAILURE : Kind.PASSED;
            case FAILED -> Kind.FAILURE;
            case ERROR, TIMEOUT -> Kind.ERROR;
            case SKIPPED -> Kind.SKIPPED;
        };
    }

    private static boolean loadFailed(ReportCell c) {
        return c.row().outcome() == CellOutcome.BUILT && c.load() != null
                && c.load().verdict() == LoadVerdict.LOAD_FAILED;
    }

    private static long count(List<ReportCell> cells, Kind kind) {
        return cells.stream().filter(c -> kind(c) == kind).count();
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
    }
}
