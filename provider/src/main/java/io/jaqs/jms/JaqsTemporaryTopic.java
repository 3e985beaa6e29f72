package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/** A topic owned by one connection and deleted with it. */
public final class JaqsTemporaryTopic extends JaqsTopic implements TemporaryTopic {
    private static final long serialVersionUID = 1L;
    private final transient JaqsConnection owner;

    JaqsTemporaryTopic(String name, JaqsConnection owner) {
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
            throw new jakarta.jms.IllegalStateException("Only the connection that created temporary topic " + getName() + " can delete it");
        }
        owner.deleteTemporary(this);
    }
}
