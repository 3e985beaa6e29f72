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
    private final boolean temporary;
    /**
     * The connection that created a temporary destination and alone may consume from and delete
     * it; null for a permanent destination, and for a temporary one read back from a message.
     */
    private final transient JaqsConnection owner;

    JaqsDestination(String name) {
        this(name, false, null);
    }

    JaqsDestination(String name, boolean temporary, JaqsConnection owner) {
        this.name = Objects.requireNonNull(name, "name");
        this.temporary = temporary;
        this.owner = owner;
    }

    public String getName() {
        return name;
    }

    public boolean isFifo() {
        return name.endsWith(".fifo");
    }

    public abstract boolean isTopic();

    public boolean isTemporary() {
        return temporary;
    }

    /** The connection that created this temporary destination, or null (see {@link #owner}). */
    JaqsConnection owner() {
        return owner;
    }

    /** TemporaryQueue/TemporaryTopic.delete(): only the connection that created it may. */
    void deleteTemporary() throws JMSException {
        if (owner == null) {
            throw new jakarta.jms.IllegalStateException("Only the connection that created temporary "
                    + (isTopic() ? "topic " : "queue ") + name + " can delete it");
        }
        owner.deleteTemporary(this);
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
