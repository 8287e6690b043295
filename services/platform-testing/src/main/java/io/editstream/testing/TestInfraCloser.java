package io.editstream.testing;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Stops the shared test broker and S3 endpoint once every test of the JVM has run (registered as a service). */
public final class TestInfraCloser implements TestExecutionListener {
    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        TestInfra.closeAll();
    }
}
