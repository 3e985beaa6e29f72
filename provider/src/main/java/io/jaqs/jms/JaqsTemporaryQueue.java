package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/** A queue owned by one connection and deleted with it (the ownership rules: {@link JaqsDestination}). */
public final class JaqsTemporaryQueue extends JaqsQueue implements TemporaryQueue {
    private static final long serialVersionUID = 1L;

    JaqsTemporaryQueue(String name, JaqsConnection owner) {
        super(name, owner);
    }

    @Override
    public void delete() throws JMSException {
        deleteTemporary();
    }
}
