package org.kmodfarm.core.farm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirstErrorTest {
    @Test
    void prefersTheCompilersFirstErrorRelativeToTheBuildFolder() {
        List<String> log = List.of("make -C /lib/modules/6.1.0-56-amd64/build M=/tmp/kmodfarm/tree/x/1/build",
                "/tmp/kmodfarm/tree/x/1/build/src/a.c: In function 'f':",
                "/tmp/kmodfarm/tree/x/1/build/src/a.c:12:7: warning: unused variable 'z'",
                "/tmp/kmodfarm/tree/x/1/build/src/a.c:14:3: error: implicit declaration of function 'g'",
                "/tmp/kmodfarm/tree/x/1/build/src/b.c:2:1: error: later",
                "make[2]: *** [scripts/Makefile.build:250: a.o] Error 1");
        assertEquals(new FirstError("src/a.c", 14, "implicit declaration of function 'g'"),
                FirstError.find(log).orElseThrow());
        assertEquals("src/a.c:14: implicit declaration of function 'g'", FirstError.find(log).orElseThrow().describe());
    }

    @Test
    void fallsBackToMakeThenDkms() {
        assertEquals("make: *** No rule to make target 'modules'.  Stop.", FirstError.find(List.of("x",
                "make: *** No rule to make target 'modules'.  Stop.")).orElseThrow().message());
        assertEquals("Error! Bad return status for module build on kernel: 6.1.0-56-amd64 (x86_64)",
                FirstError.find(List.of("Error! Bad return status for module build on kernel: 6.1.0-56-amd64 (x86_64)"))
                        .orElseThrow().message());
        assertTrue(FirstError.find(List.of("all good")).isEmpty());
    }
}
