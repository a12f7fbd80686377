package org.kmodfarm.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedStreamTest {
    @Test
    void passesUpToTheLimitAndFailsBeyond() throws IOException {
        byte[] ten = new byte[10];
        try (BoundedStream in = new BoundedStream(new ByteArrayInputStream(ten), 10)) {
            assertArrayEquals(ten, in.readAllBytes());
        }
        try (BoundedStream in = new BoundedStream(new ByteArrayInputStream(new byte[11]), 10)) {
            assertThrows(BoundedStream.LimitExceeded.class, in::readAllBytes);
        }
    }
}
