package io.jaqs.cdi;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;

/** Producers of the injectable ConnectionFactory and container-managed JMSContext. */
@Dependent
class JaqsProducers {
    @Inject
    JaqsExtension extension;

    @Produces
    @Dependent
    ConnectionFactory connectionFactory(InjectionPoint ip) {
        return extension.factory(ContextKey.factoryName(ip));
    }

    @Produces
    @Dependent
    JMSContext jmsContext(InjectionPoint ip) {
        return ManagedJMSContext.create(extension, ContextKey.of(ip));
    }
}
