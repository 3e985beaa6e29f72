package io.jaqs.cdi;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The JMSContexts of one CDI request, closed when the request context ends. */
@RequestScoped
class RequestContexts {
    @Inject
    JaqsExtension extension;

    private final Map<ContextKey, JMSContext> contexts = new ConcurrentHashMap<>();

    JMSContext get(ContextKey key) {
        return contexts.computeIfAbsent(key, extension::createContext);
    }

    @PreDestroy
    void close() {
        contexts.values().forEach(JaqsExtension::closeQuietly);
        contexts.clear();
    }
}
