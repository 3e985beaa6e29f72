package io.jaqs.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.TextMessage;
import io.jaqs.jms.message.JaqsMessage;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The simplified API's producer: settings and message properties kept here and applied to every
 * message it sends, over an anonymous classic producer of the context's session.
 */
final class JaqsJMSProducer implements JMSProducer {
    private final JaqsJMSContext context;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private int priority = Message.DEFAULT_PRIORITY;
    private long timeToLive;
    private long deliveryDelay;
    private boolean disableMessageId;
    private boolean disableMessageTimestamp;
    private CompletionListener async;
    private String correlationId;
    private byte[] correlationIdBytes;
    private String type;
    private Destination replyTo;

    JaqsJMSProducer(JaqsJMSContext context) {
        this.context = context;
    }

    @Override
    public JMSProducer send(Destination destination, Message message) {
        if (message == null) {
            throw new MessageFormatRuntimeException("The message is null");
        }
        try {
            for (Map.Entry<String, Object> p : properties.entrySet()) {
                message.setObjectProperty(p.getKey(), p.getValue());
            }
            if (correlationId != null) {
                message.setJMSCorrelationID(correlationId);
            }
            if (correlationIdBytes != null) {
                message.setJMSCorrelationIDAsBytes(correlationIdBytes);
            }
            if (type != null) {
                message.setJMSType(type);
            }
            if (replyTo != null) {
                message.setJMSReplyTo(replyTo);
            }
            JaqsMessageProducer p = (JaqsMessageProducer) context.session().createProducer(null);
            try {
                p.setDeliveryDelay(deliveryDelay);
                p.setDisableMessageID(disableMessageId);
                p.setDisableMessageTimestamp(disableMessageTimestamp);
                if (async != null) {
                    p.send(destination, message, deliveryMode, priority, timeToLive, async);
                } else {
                    p.send(destination, message, deliveryMode, priority, timeToLive);
                }
            } finally {
                p.discard(); // an async send completes later: the session's close waits for it, not this send
            }
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
        return this;
    }

    @Override
    public JMSProducer send(Destination destination, String body) {
        TextMessage m = context.createTextMessage(body);
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Map<String, Object> body) {
        MapMessage m = context.createMapMessage();
        if (body != null) {
            try {
                for (Map.Entry<String, Object> e : body.entrySet()) {
                    m.setObject(e.getKey(), e.getValue());
                }
            } catch (JMSException e) {
                throw JmsExceptions.runtime(e);
            }
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, byte[] body) {
        BytesMessage m = context.createBytesMessage();
        if (body != null) {
            try {
                m.writeBytes(body);
            } catch (JMSException e) {
                throw JmsExceptions.runtime(e);
            }
        }
        return send(destination, m);
    }

    @Override
    public JMSProducer send(Destination destination, Serializable body) {
        ObjectMessage m = context.createObjectMessage(body);
        return send(destination, m);
    }

    // ---- settings

    @Override
    public JMSProducer setDisableMessageID(boolean value) {
        disableMessageId = value;
        return this;
    }

    @Override
    public boolean getDisableMessageID() {
        return disableMessageId;
    }

    @Override
    public JMSProducer setDisableMessageTimestamp(boolean value) {
        disableMessageTimestamp = value;
        return this;
    }

    @Override
    public boolean getDisableMessageTimestamp() {
        return disableMessageTimestamp;
    }

    @Override
    public JMSProducer setDeliveryMode(int deliveryMode) {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSRuntimeException("Delivery mode must be PERSISTENT (2) or NON_PERSISTENT (1), got " + deliveryMode);
        }
        this.deliveryMode = deliveryMode;
        return this;
    }

    @Override
    public int getDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public JMSProducer setPriority(int priority) {
        if (priority < 0 || priority > 9) {
            throw new JMSRuntimeException("Priority must be from 0 to 9, got " + priority);
        }
        this.priority = priority;
        return this;
    }

    @Override
    public int getPriority() {
        return priority;
    }

    @Override
    public JMSProducer setTimeToLive(long timeToLive) {
        try {
            JaqsMessageProducer.checkTimeToLive(timeToLive);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage());
        }
        this.timeToLive = timeToLive;
        return this;
    }

    @Override
    public long getTimeToLive() {
        return timeToLive;
    }

    @Override
    public JMSProducer setDeliveryDelay(long deliveryDelay) {
        try {
            JaqsMessageProducer.checkDeliveryDelay(deliveryDelay);
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage());
        }
        this.deliveryDelay = deliveryDelay;
        return this;
    }

    @Override
    public long getDeliveryDelay() {
        return deliveryDelay;
    }

    @Override
    public JMSProducer setAsync(CompletionListener completionListener) {
        this.async = completionListener;
        return this;
    }

    @Override
    public CompletionListener getAsync() {
        return async;
    }

    // ---- properties (JMS 2.0: same rules and conversions as message properties)

    private JMSProducer put(String name, Object value) {
        try {
            JaqsMessage.checkPropertyName(name);
        } catch (IllegalArgumentException e) {
            throw e;
        }
        properties.put(name, value);
        return this;
    }

    @Override
    public JMSProducer setProperty(String name, boolean value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, byte value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, short value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, int value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, long value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, float value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, double value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, String value) {
        return put(name, value);
    }

    @Override
    public JMSProducer setProperty(String name, Object value) {
        if (value != null && !(value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float || value instanceof Double
                || value instanceof String)) {
            throw new MessageFormatRuntimeException("A property value must be a boxed primitive or a String, not "
                    + value.getClass().getName());
        }
        return put(name, value);
    }

    @Override
    public JMSProducer clearProperties() {
        properties.clear();
        return this;
    }

    @Override
    public boolean propertyExists(String name) {
        return properties.containsKey(name);
    }

    /** Reads a property through a scratch message, so the JMS conversion table applies exactly as on messages. */
    private JaqsMessage scratch(String name) {
        JaqsMessage m = new JaqsMessage();
        try {
            if (properties.containsKey(name) && properties.get(name) != null) {
                m.setObjectProperty(name, properties.get(name));
            }
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
        return m;
    }

    @Override
    public boolean getBooleanProperty(String name) {
        try {
            return scratch(name).getBooleanProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public byte getByteProperty(String name) {
        try {
            return scratch(name).getByteProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public short getShortProperty(String name) {
        try {
            return scratch(name).getShortProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public int getIntProperty(String name) {
        try {
            return scratch(name).getIntProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public long getLongProperty(String name) {
        try {
            return scratch(name).getLongProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public float getFloatProperty(String name) {
        try {
            return scratch(name).getFloatProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public double getDoubleProperty(String name) {
        try {
            return scratch(name).getDoubleProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public String getStringProperty(String name) {
        try {
            return scratch(name).getStringProperty(name);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public Object getObjectProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(properties.keySet()));
    }

    // ---- headers

    @Override
    public JMSProducer setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIdBytes = correlationID == null ? null : correlationID.clone();
        this.correlationId = null;
        return this;
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public JMSProducer setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
        return this;
    }

    @Override
    public String getJMSCorrelationID() {
        if (correlationId == null && correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    @Override
    public JMSProducer setJMSType(String type) {
        this.type = type;
        return this;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public JMSProducer setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
        return this;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }
}
