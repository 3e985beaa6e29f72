package io.jaqs.jms;

import jakarta.jms.Queue;

/** A queue: standard, or FIFO when its name ends in {@code .fifo}. */
public class JaqsQueue extends JaqsDestination implements Queue {
    private static final long serialVersionUID = 1L;

    public JaqsQueue(String name) {
        super(name);
    }

    /** A temporary queue of this connection. */
    JaqsQueue(String name, JaqsConnection owner) {
        super(name, true, owner);
    }

    @Override
    public String getQueueName() {
        return getName();
    }

    @Override
    public boolean isTopic() {
        return false;
    }
}
