package org.kmodfarm.core.apt;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.kmodfarm.core.matrix.Located;
import org.kmodfarm.model.SourceLocation;

/**
 * The archive roots a matrix uses when it names none: Debian's main archive and its security archive as
 * the machine's own apt sources list them ({@code sources.list} and {@code sources.list.d/*.list|.sources}),
 * else {@code deb.debian.org}. Each default remembers the file and line it came from, so an unreachable
 * default mirror is reported where the user can change it.
 */
public record MirrorDefaults(Located<URI> main, Located<URI> security) {
    public static final URI DEBIAN = URI.create("http://deb.debian.org/debian");
    public static final URI DEBIAN_SECURITY = URI.create("http://deb.debian.org/debian-security");

    /** Reads {@code etcApt} (normally {@code /etc/apt}); missing files are fine. */
    public static MirrorDefaults fromAptSources(Path etcApt) {
        List<Located<Entry>> entries = new ArrayList<>();
        readList(etcApt.resolve("sources.list"), entries);
        Path dir = etcApt.resolve("sources.list.d");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                for (Path f : sorted) {
                    if (f.toString().endsWith(".list")) {
                        readList(f, entries);
                    } else if (f.toString().endsWith(".sources")) {
                        readSources(f, entries);
                    }
                }
            } catch (IOException e) {
                // unreadable apt configuration: fall back to the public defaults below
            }
        }
        Located<URI> fallbackMain = new Located<>(DEBIAN, SourceLocation.wholeFile(Path.of("(built-in default)")));
        Located<URI> fallbackSecurity =
                new Located<>(DEBIAN_SECURITY, SourceLocation.wholeFile(Path.of("(built-in default)")));
        Located<URI> main = find(entries, false).orElse(fallbackMain);
        Located<URI> security = find(entries, true).orElse(fallbackSecurity);
        return new MirrorDefaults(main, security);
    }

    private record Entry(URI uri, List<String> suites) {
    }

    private static Optional<Located<URI>> find(List<Located<Entry>> entries, boolean security) {
        return entries.stream()
                .filter(e -> e.value().suites().stream().anyMatch(s -> s.endsWith("-security")) == security)
                .map(e -> new Located<>(e.value().uri(), e.where()))
                .findFirst();
    }

    private static void readList(Path file, List<Located<Entry>> out) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceAll("\\[[^]]*]", "").strip();
                String[] w = line.split("\\s+");
                if (w.length >= 3 && w[0].equals("deb")) {
                    add(w[1], List.of(w[2]), new SourceLocation(file, i + 1), out);
                }
            }
        } catch (IOException e) {
            // ignored: see fromAptSources
        }
    }

    private static void readSources(Path file, List<Located<Entry>> out) {
        try {
            for (Deb822.Stanza s : Deb822.parse(Files.readString(file))) {
                if (Arrays.asList(s.getOrEmpty("Types").split("\\s+")).contains("deb")
                        && !"no".equalsIgnoreCase(s.getOrEmpty("Enabled"))) {
                    for (String uri : s.getOrEmpty("URIs").split("\\s+")) {
                        add(uri, Arrays.asList(s.getOrEmpty("Suites").split("\\s+")),
                                new SourceLocation(file, s.line()), out);
                    }
                }
            }
        } catch (IOException e) {
            // ignored: see fromAptSources
        }
    }

    private static void add(String uri, List<String> suites, SourceLocation where, List<Located<Entry>> out) {
        if (uri.startsWith("http://") || uri.startsWith("https://") || uri.startsWith("file:")) {
            out.add(new Located<>(new Entry(URI.create(uri), List.copyOf(suites)), where));
        }
    }
}
