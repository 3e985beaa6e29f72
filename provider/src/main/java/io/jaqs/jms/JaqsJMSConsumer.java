package io.jaqs.jms;

import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageListener;

/** The simplified API's consumer over a classic consumer. */
final class JaqsJMSConsumer implements JMSConsumer {
    private final JaqsMessageConsumer consumer;

    JaqsJMSConsumer(JaqsMessageConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public String getMessageSelector() {
        try {
            return consumer.getMessageSelector();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public MessageListener getMessageListener() {
        try {
            return consumer.getMessageListener();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void setMessageListener(MessageListener listener) {
        try {
            consumer.setMessageListener(listener);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public Message receive() {
        try {
            return consumer.receive();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public Message receive(long timeout) {
        try {
            return consumer.receive(timeout);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public Message receiveNoWait() {
        try {
            return consumer.receiveNoWait();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public void close() {
        try {
            consumer.close();
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public <T> T receiveBody(Class<T> c) {
        return body(receive(), c);
    }

    @Override
    public <T> T receiveBody(Class<T> c, long timeout) {
        return body(receive(timeout), c);
    }

    @Override
    public <T> T receiveBodyNoWait(Class<T> c) {
        return body(receiveNoWait(), c);
    }

    /**
     * The body of a received message. When it is not assignable to {@code c} the spec wants the
     * message left for redelivery: it is released at once (visibility 0) and the exception thrown.
     */
    private <T> T body(Message m, Class<T> c) {
        if (m == null) {
            return null;
        }
        try {
            return m.getBody(c);
        } catch (jakarta.jms.MessageFormatException e) {
            throw new MessageFormatRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }
}
