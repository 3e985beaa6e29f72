package io.jaqs.jms;

import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import java.io.Serializable;
import java.util.Objects;
import javax.naming.Reference;
import javax.naming.Referenceable;
import javax.naming.StringRefAddr;

/**
 * A Jaqs destination: a queue or a topic by name. A queue named {@code x.fifo} is an SQS FIFO
 * queue. Serializable and comparable by value, so it can be bound in JNDI.
 */
public abstract class JaqsDestination implements Destination, Serializable, Referenceable {
    private static final long serialVersionUID = 1L;
    private final String name;

    JaqsDestination(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String getName() {
        return name;
    }

    public boolean isFifo() {
        return name.endsWith(".fifo");
    }

    public abstract boolean isTopic();

    public boolean isTemporary() {
        return false;
    }

    /** Stable text form carried in messages (JMSReplyTo, JMSDestination): {@code queue://name}, {@code topic://name}. */
    public String toUri() {
        return (isTemporary() ? "temp-" : "") + (isTopic() ? "topic" : "queue") + "://" + name;
    }

    public static JaqsDestination fromUri(String uri) throws JMSException {
        int sep = uri.indexOf("://");
        if (sep < 0) {
            throw new InvalidDestinationException("Not a Jaqs destination: " + uri);
        }
        String kind = uri.substring(0, sep);
        String name = uri.substring(sep + 3);
        return switch (kind) {
            case "queue" -> new JaqsQueue(name);
            case "topic" -> new JaqsTopic(name);
            case "temp-queue" -> new JaqsTemporaryQueue(name, null);
            case "temp-topic" -> new JaqsTemporaryTopic(name, null);
            default -> throw new InvalidDestinationException("Not a Jaqs destination: " + uri);
        };
    }

    /** A JNDI reference by URI, resolved by {@link io.jaqs.jms.jndi.JaqsObjectFactory}. */
    @Override
    public Reference getReference() {
        return new Reference(getClass().getName(), new StringRefAddr(io.jaqs.jms.jndi.JaqsObjectFactory.DESTINATION_URI, toUri()),
                io.jaqs.jms.jndi.JaqsObjectFactory.class.getName(), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JaqsDestination d && d.isTopic() == isTopic() && d.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * (isTopic() ? 31 : 17);
    }

    @Override
    public String toString() {
        return toUri();
    }
}
