package io.jaqs.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.util.AnnotationLiteral;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.Test;

/** With the MicroProfile Health API on the class path the extension adds a readiness and liveness check. */
class HealthCheckBeanTest extends CdiTestSupport {
    /** Weld SE starts with at least one bean class. */
    @jakarta.enterprise.context.Dependent
    static class Nothing {
    }

    @Test
    void readinessAndLivenessReportTheDefaultBrokerUpWithTimings() {
        start(Nothing.class);
        for (java.lang.annotation.Annotation kind : List.of(new AnnotationLiteral<Readiness>() { },
                new AnnotationLiteral<Liveness>() { })) {
            Instance<HealthCheck> checks = container.select(HealthCheck.class, kind);
            List<HealthCheck> all = checks.stream().toList();
            assertEquals(1, all.size(), "one Jaqs check of kind " + kind);
            HealthCheckResponse r = all.get(0).call();
            assertEquals("jaqs", r.getName());
            assertEquals(HealthCheckResponse.Status.UP, r.getStatus(), () -> String.valueOf(r.getData()));
            Map<String, Object> data = r.getData().orElseThrow();
            assertTrue(data.containsKey("storeReadMillis") && data.containsKey("storeWriteMillis"), data.toString());
        }
    }
}
