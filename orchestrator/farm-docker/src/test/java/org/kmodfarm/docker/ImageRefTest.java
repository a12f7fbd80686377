package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageRefTest {

    @Test
    void splitsTagsNotPorts() {
        assertEquals(new ImageRef("debian", "bookworm"), ImageRef.parse("debian:bookworm"));
        assertEquals(new ImageRef("debian", "latest"), ImageRef.parse("debian"));
        assertEquals(new ImageRef("registry:5000/kmodfarm/base", "1"), ImageRef.parse("registry:5000/kmodfarm/base:1"));
        assertEquals(new ImageRef("registry:5000/base", "latest"), ImageRef.parse("registry:5000/base"));
        assertEquals(new ImageRef("debian@sha256:abc", null), ImageRef.parse("debian@sha256:abc"));
    }
}
