package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/** A queue owned by one connection and deleted with it. */
public final class JaqsTemporaryQueue extends JaqsQueue implements TemporaryQueue {
    private static final long serialVersionUID = 1L;
    private final transient JaqsConnection owner;

    JaqsTemporaryQueue(String name, JaqsConnection owner) {
        super(name);
        this.owner = owner;
    }

    JaqsConnection owner() {
        return owner;
    }

    @Override
    public boolean isTemporary() {
        return true;
    }

    @Override
    public void delete() throws JMSException {
        if (owner == null) {
            throw new jakarta.jms.IllegalStateException("Only the connection that created temporary queue " + getName() + " can delete it");
        }
        owner.deleteTemporary(this);
    }
}
