package org.kmodfarm.core.images;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.kmodfarm.core.io.AtomicFiles;

/**
 * The record of which image id each kernel's builder tag pointed at, kept in the tree
 * ({@code .kmodfarm/images.json}) so results can name the exact image they were built in.
 */
public final class ImageRecords {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** One builder image as recorded. */
    public record Entry(String kernel, String tag, String id, String headers, String compiler, String suite) {
    }

    private final Path file;

    public ImageRecords(Path tree) {
        this.file = tree.resolve(".kmodfarm").resolve("images.json");
    }

    public Path file() {
        return file;
    }

    /** Adds or replaces the entries of these images, keyed by tag; other entries stay. */
    public void record(List<BuilderImage> images) throws IOException {
        Map<String, Entry> all = new TreeMap<>(read());
        for (BuilderImage i : images) {
            var t = i.target();
            all.put(i.tag(), new Entry(t.kernel().value(), i.tag(), i.id(),
                    t.headersPackage() + "=" + t.headersVersion(), t.compiler(), t.suite()));
        }
        AtomicFiles.write(file, JSON.writeValueAsBytes(all));
    }

    public Map<String, Entry> read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        return JSON.readValue(file.toFile(), new TypeReference<TreeMap<String, Entry>>() { });
    }
}
