package io.jaqs.jms;

import jakarta.jms.Topic;

/** A topic: SNS-style fan-out into one queue per subscription. */
public class JaqsTopic extends JaqsDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public JaqsTopic(String name) {
        super(name);
    }

    /** A temporary topic of this connection. */
    JaqsTopic(String name, JaqsConnection owner) {
        super(name, true, owner);
    }

    @Override
    public String getTopicName() {
        return getName();
    }

    @Override
    public boolean isTopic() {
        return true;
    }
}
