package io.jaqs.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Topic;

/**
 * A Jaqs topic as a Connectors admin object (ra.xml {@code adminobject} for
 * {@code jakarta.jms.Topic}): the server creates it from its configuration ({@code name}: the topic)
 * and binds it where applications look destinations up. Jaqs sessions take any {@link Topic} by its
 * name, so this is used exactly as the provider's own {@code JaqsTopic}.
 */
public class JaqsTopicAdminObject extends AdminDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public JaqsTopicAdminObject() {
        super(null);
    }

    public JaqsTopicAdminObject(String name) {
        super(name);
    }

    @Override
    String kind() {
        return "topic";
    }

    @Override
    public String getTopicName() throws JMSException {
        return requireName();
    }
}
