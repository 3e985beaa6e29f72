package io.jaqs.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/** A topic owned by one connection and deleted with it (the ownership rules: {@link JaqsDestination}). */
public final class JaqsTemporaryTopic extends JaqsTopic implements TemporaryTopic {
    private static final long serialVersionUID = 1L;

    JaqsTemporaryTopic(String name, JaqsConnection owner) {
        super(name, owner);
    }

    @Override
    public void delete() throws JMSException {
        deleteTemporary();
    }
}
