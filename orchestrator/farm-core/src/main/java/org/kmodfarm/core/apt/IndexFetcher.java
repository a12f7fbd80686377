package org.kmodfarm.core.apt;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

/** Fetches files of a package repository. Implementations are thread-safe. */
public interface IndexFetcher {
    /**
     * @return the file's bytes, or empty when the repository answers that it does not exist
     * @throws IOException when the repository cannot be reached or answers with another error
     */
    Optional<byte[]> fetch(URI uri) throws IOException;
}
