package io.jaqs.broker;

/**
 * Something that attaches to every broker when it opens — found with {@link java.util.ServiceLoader}
 * (META-INF/services/io.jaqs.broker.BrokerExtension), so the core names none of them: JMX
 * registration ({@code io.jaqs.jmx}) is one. An extension typically adds a {@link BrokerObserver}
 * to learn of queues and of the close. One that throws is logged and the broker opens anyway.
 */
public interface BrokerExtension {
    void opened(Broker broker);
}
