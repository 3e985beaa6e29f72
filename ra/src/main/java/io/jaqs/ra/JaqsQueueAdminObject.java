package io.jaqs.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Queue;

/**
 * A Jaqs queue as a Connectors admin object (ra.xml {@code adminobject} for
 * {@code jakarta.jms.Queue}): the server creates it from its configuration ({@code name}: the queue,
 * {@code x} or {@code x.fifo} for a FIFO queue) and binds it where applications look destinations up.
 * Jaqs sessions take any {@link Queue} by its name, so this is used exactly as the provider's own
 * {@code JaqsQueue}.
 */
public class JaqsQueueAdminObject extends AdminDestination implements Queue {
    private static final long serialVersionUID = 1L;

    public JaqsQueueAdminObject() {
        super(null);
    }

    public JaqsQueueAdminObject(String name) {
        super(name);
    }

    @Override
    String kind() {
        return "queue";
    }

    @Override
    public String getQueueName() throws JMSException {
        return requireName();
    }
}
