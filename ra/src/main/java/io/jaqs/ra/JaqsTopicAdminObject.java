package io.jaqs.ra;

import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Topic;
import java.io.Serializable;
import java.util.Objects;

/**
 * A Jaqs topic as a Connectors admin object (ra.xml {@code adminobject} for
 * {@code jakarta.jms.Topic}): the server creates it from its configuration ({@code name}: the topic)
 * and binds it where applications look destinations up. Jaqs sessions take any {@link Topic} by its
 * name, so this is used exactly as the provider's own {@code JaqsTopic}.
 */
public class JaqsTopicAdminObject implements Topic, Serializable {
    private static final long serialVersionUID = 1L;

    private String name;

    public JaqsTopicAdminObject() {
    }

    public JaqsTopicAdminObject(String name) {
        this.name = name;
    }

    /** The topic's name (the JavaBean property the server sets). */
    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name == null || name.isBlank() ? null : name.trim();
    }

    @Override
    public String getTopicName() throws JMSException {
        if (name == null) {
            throw new InvalidDestinationException("This Jaqs topic admin object has no name: set its 'name' property");
        }
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JaqsTopicAdminObject q && Objects.equals(q.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(name) * 31;
    }

    @Override
    public String toString() {
        return "topic://" + name;
    }
}
