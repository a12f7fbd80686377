package org.kmodfarm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kmodfarm.model.AptSource;
import org.kmodfarm.model.KernelTarget;

/** JSON output of commands given {@code --json}: stable key order, indented. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("output is always serialisable", e);
        }
    }

    static Map<String, Object> target(KernelTarget t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kernel", t.kernel().value());
        m.put("group", t.group());
        m.put("distro", t.distro());
        m.put("release", t.release());
        m.put("suite", t.suite());
        m.put("arch", t.arch().debian());
        m.put("flavour", t.flavour());
        m.put("headersPackage", t.headersPackage());
        m.put("headersVersion", t.headersVersion().value());
        m.put("compiler", t.compiler());
        m.put("compilerPackage", t.compilerPackage());
        m.put("aptSources", t.aptSources().stream().map(AptSource::debLine).toList());
        return m;
    }
}
