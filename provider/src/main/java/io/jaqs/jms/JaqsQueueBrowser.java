package io.jaqs.jms;

import io.jaqs.broker.QueueName;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.MessageFilter;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.jms.message.JaqsMessage;
import io.jaqs.jms.message.MessageCodec;
import io.jaqs.jms.selector.Selector;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Reads the visible messages of a queue in delivery order without receiving them (no receive count change). */
public class JaqsQueueBrowser implements QueueBrowser {
    private final JaqsSession session;
    private final Queue queue;
    private final QueueName queueName;
    private final Selector selector;
    private final MessageFilter filter;
    private volatile boolean closed;

    JaqsQueueBrowser(JaqsSession session, Queue queue, QueueName queueName, String messageSelector) throws JMSException {
        this.session = session;
        this.queue = queue;
        this.queueName = queueName;
        this.selector = Selector.parse(messageSelector);
        this.filter = SelectorFilter.of(selector);
    }

    @Override
    public Queue getQueue() throws JMSException {
        checkOpen();
        return queue;
    }

    @Override
    public String getMessageSelector() throws JMSException {
        checkOpen();
        return selector.isAll() ? null : selector.text();
    }

    @Override
    public Enumeration<?> getEnumeration() throws JMSException {
        checkOpen();
        Iterator<ReceivedMessage> it;
        try {
            it = session.connection.broker.browse(queueName, filter);
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
        return new Enumeration<JaqsMessage>() {
            @Override
            public boolean hasMoreElements() {
                return !closed && it.hasNext();
            }

            @Override
            public JaqsMessage nextElement() {
                if (!hasMoreElements()) {
                    throw new NoSuchElementException();
                }
                ReceivedMessage rm = it.next();
                try {
                    JaqsMessage m = MessageCodec.decode(rm.body(), rm.attributes(), session.connection.destinationCodec,
                            session.connection.allowList);
                    m.setJMSMessageID(JaqsSession.messageId(rm));
                    m.setReceiveCount(Math.max(1, rm.approximateReceiveCount() + 1));
                    return m;
                } catch (JMSException e) {
                    throw new IllegalStateException("cannot decode message " + rm.messageId(), e);
                }
            }
        };
    }

    @Override
    public void close() throws JMSException {
        closed = true;
        session.browserClosed(this);
    }

    private void checkOpen() throws JMSException {
        if (closed || session.isClosed()) {
            throw JmsExceptions.closed("browser");
        }
    }
}
