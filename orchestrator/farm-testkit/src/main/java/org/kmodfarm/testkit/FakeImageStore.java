package org.kmodfarm.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.kmodfarm.model.spi.ImageInfo;
import org.kmodfarm.model.spi.ImageStore;

/** An in-memory image store that records what was asked of it. */
public final class FakeImageStore implements ImageStore {
    public final Map<String, ImageInfo> images = new ConcurrentHashMap<>();
    public final List<String> calls = new ArrayList<>();
    public boolean registryAnswers;
    private int next;

    private ImageInfo put(String tag, Map<String, String> labels) {
        ImageInfo info = new ImageInfo("sha256:" + (++next), List.of(tag), labels, 1);
        images.put(tag, info);
        return info;
    }

    @Override
    public Optional<ImageInfo> find(String tag) {
        return Optional.ofNullable(images.get(tag));
    }

    @Override
    public ImageInfo importRootfs(String tag, InputStream rootfs, Map<String, String> labels) throws IOException {
        calls.add("import " + tag + " " + rootfs.readAllBytes().length);
        return put(tag, labels);
    }

    @Override
    public Optional<ImageInfo> tryPull(String reference, String tag, Duration timeout) {
        calls.add("pull " + reference);
        return registryAnswers ? Optional.of(put(tag, Map.of())) : Optional.empty();
    }

    @Override
    public ImageInfo build(String tag, byte[] contextTar, Map<String, String> buildArgs, Map<String, String> labels,
                           Consumer<String> log) {
        calls.add("build " + tag + " " + new java.util.TreeMap<>(buildArgs));
        return put(tag, labels);
    }

    @Override
    public List<ImageInfo> listLabelled(String key) {
        return images.values().stream().filter(i -> i.labels().containsKey(key)).toList();
    }

    @Override
    public void remove(String id) {
        images.values().removeIf(i -> i.id().equals(id));
    }
}
