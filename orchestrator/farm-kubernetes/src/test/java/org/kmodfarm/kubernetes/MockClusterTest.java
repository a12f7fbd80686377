package org.kmodfarm.kubernetes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Tests against one {@link MockCluster} per class (its start costs seconds), with no Job left between tests. */
abstract class MockClusterTest {
    static MockCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new MockCluster();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void clear() {
        cluster.client.batch().v1().jobs().inNamespace(MockCluster.NAMESPACE).delete();
    }
}
