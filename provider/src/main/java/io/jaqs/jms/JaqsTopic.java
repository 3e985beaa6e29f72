package io.jaqs.jms;

import jakarta.jms.Topic;

/** A topic: SNS-style fan-out into one queue per subscription. */
public class JaqsTopic extends JaqsDestination implements Topic {
    private static final long serialVersionUID = 1L;

    public JaqsTopic(String name) {
        super(name);
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
