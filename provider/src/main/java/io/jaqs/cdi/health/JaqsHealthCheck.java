package io.jaqs.cdi.health;

import io.jaqs.broker.BrokerHealth;
import io.jaqs.cdi.JaqsExtension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health check of the default Jaqs broker ({@code jaqs.url}): {@link io.jaqs.broker.Broker#checkHealth()},
 * a real read and a write through the store's writer. Ready and live mean the same here: a broker
 * whose store does not answer can neither take nor hand out messages.
 *
 * <p>{@link JaqsExtension} adds this bean only when the MicroProfile Health API is on the class
 * path; nothing else of Jaqs refers to it. Built with the response's constructor, so it needs no
 * particular Health implementation.
 */
@ApplicationScoped
@Readiness
@Liveness
public class JaqsHealthCheck implements HealthCheck {
    public static final String NAME = "jaqs";

    @Override
    public HealthCheckResponse call() {
        BrokerHealth h;
        Map<String, Object> data = new LinkedHashMap<>();
        try {
            h = CDI.current().getBeanManager().getExtension(JaqsExtension.class).factory("").getBroker().checkHealth();
        } catch (Exception e) {
            data.put("problem", "The broker cannot be opened: " + e.getMessage());
            return new HealthCheckResponse(NAME, HealthCheckResponse.Status.DOWN, Optional.of(data));
        }
        if (h.storeRead() != null) {
            data.put("storeReadMillis", h.storeRead().toMillis());
        }
        if (h.storeWrite() != null) {
            data.put("storeWriteMillis", h.storeWrite().toMillis());
        }
        data.put("pendingWrites", (long) h.pendingWrites());
        if (h.problem() != null) {
            data.put("problem", h.problem());
        }
        return new HealthCheckResponse(NAME, h.up() ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }
}
