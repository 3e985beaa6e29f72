package io.jaqs.ra;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import java.io.Serializable;
import java.util.Objects;

/**
 * A Jaqs queue as a Connectors admin object (ra.xml {@code adminobject} for
 * {@code jakarta.jms.Queue}): the server creates it from its configuration ({@code name}: the queue,
 * {@code x} or {@code x.fifo} for a FIFO queue) and binds it where applications look destinations up.
 * Jaqs sessions take any {@link Queue} by its name, so this is used exactly as the provider's own
 * {@code JaqsQueue}.
 */
public class JaqsQueueAdminObject implements Queue, Serializable {
    private static final long serialVersionUID = 1L;

    private String name;

    public JaqsQueueAdminObject() {
    }

    public JaqsQueueAdminObject(String name) {
        this.name = name;
    }

    /** The queue's name (the JavaBean property the server sets). */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null || name.isBlank() ? null : name.trim();
    }

    @Override
    public String getQueueName() throws JMSException {
        if (name == null) {
            throw new InvalidDestinationException("This Jaqs queue admin object has no name: set its 'name' property");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JaqsQueueAdminObject q && Objects.equals(q.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name) * 17;
    }

    @Override
    public String toString() {
        return "queue://" + name;
    }
}
