package io.jaqs.jms;

import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.MessageFilter;
import io.jaqs.jms.message.MessageCodec;
import io.jaqs.jms.selector.Selector;
import java.util.Map;

/**
 * A JMS selector as the filter the broker core runs on candidate messages. The core passes the
 * message id and the delivery count the message would have, so JMSMessageID and
 * JMSXDeliveryCount select exactly as the delivered message reports them.
 */
final class SelectorFilter implements MessageFilter {
    private final Selector selector;

    private SelectorFilter(Selector selector) {
        this.selector = selector;
    }

    /** The filter of a selector, or null (no filtering) for the empty selector. */
    static MessageFilter of(Selector selector) {
        return selector.isAll() ? null : new SelectorFilter(selector);
    }

    @Override
    public boolean accept(Map<String, MessageAttributeValue> attributes) {
        return selector.matches(name -> MessageCodec.selectorValue(attributes, name));
    }

    @Override
    public boolean accept(Map<String, MessageAttributeValue> attributes, String messageId, int deliveryCount) {
        String jmsMessageId = JaqsSession.messageId(attributes, messageId);
        return selector.matches(name -> MessageCodec.selectorValue(attributes, name, jmsMessageId, deliveryCount));
    }
}
