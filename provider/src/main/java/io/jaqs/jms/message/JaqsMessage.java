package io.jaqs.jms.message;

import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Jaqs message without a body, and the base of the typed messages.
 *
 * <p>Headers are plain fields. Properties hold {@code Boolean, Byte, Short, Integer, Long, Float,
 * Double} or {@code String} values and follow the conversion table of Jakarta Messaging 3.1 section
 * 3.5.4. A message built by {@link MessageCodec#decode} is a received message: its properties and
 * body are read-only until {@link #clearProperties()} / {@link #clearBody()}.
 *
 * <p>Property names must be Java identifiers, not a selector keyword ({@code NULL, TRUE, FALSE, NOT,
 * AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE}, in any case), not the name of a JMS header (those names
 * carry the headers in the broker's attributes) and not start with {@code JMS_Jaqs_} (Jaqs' own
 * attributes). {@code JMSXDeliveryCount} is supplied by the provider from the SQS receive count.
 *
 * <p>Jaqs extension for received messages: {@link #changeVisibility(Duration)},
 * {@link #getReceiptHandle()}, {@link #getSequenceNumber()}, {@link #getReceiveCount()}.
 */
public class JaqsMessage implements Message {

    /** JMS-defined property that reports the delivery count (the SQS ApproximateReceiveCount). */
    public static final String JMSX_DELIVERY_COUNT = "JMSXDeliveryCount";
    /** JMS-defined property: message group (FIFO MessageGroupId). */
    public static final String JMSX_GROUP_ID = "JMSXGroupID";
    /** JMS-defined property: sequence number within a group. */
    public static final String JMSX_GROUP_SEQ = "JMSXGroupSeq";
    /** Prefix of the attributes Jaqs keeps for itself. */
    public static final String JAQS_ATTRIBUTE_PREFIX = "JMS_Jaqs_";

    private static final String[] SELECTOR_KEYWORDS = {
        "NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN", "LIKE", "IN", "IS", "ESCAPE"};

    // headers
    private String messageId;
    private long timestamp;
    private String correlationId;
    private byte[] correlationIdBytes;
    private Destination replyTo;
    private Destination destination;
    private int deliveryMode = DeliveryMode.PERSISTENT;
    private boolean redelivered;
    private String type;
    private long expiration;
    private long deliveryTime;
    private int priority = Message.DEFAULT_PRIORITY;

    // properties, in insertion order; null until the first one
    Map<String, Object> properties;
    boolean propertiesReadOnly;
    /** Body read-only; for BytesMessage and StreamMessage this is read mode (after reset()). */
    boolean bodyReadOnly;

    // delivery (set by the session on received messages)
    private DeliveryContext deliveryContext;
    private String receiptHandle;
    private String sequenceNumber;
    private int receiveCount;

    public JaqsMessage() {
    }

    /** The {@code JMS_Jaqs_Type} value of this kind of message. */
    String bodyKind() {
        return "message";
    }

    /** A new, empty message of the same kind (for copies). */
    JaqsMessage newEmpty() {
        return new JaqsMessage();
    }

    /** The body in the broker's form. The array may be shared with this message's state: never modify it. */
    byte[] encodeBody() throws JMSException {
        return ByteSink.EMPTY;
    }

    /** Replaces the body from the broker's form; takes ownership of the array. */
    void decodeBody(byte[] body) throws JMSException {
        // no body
    }

    /** Clears the body content (the mode flags are handled by clearBody). */
    void clearBodyContent() {
        // no body
    }

    /** Puts the message into the received state: properties and body read-only, read position at 0. */
    void markReadOnly() {
        propertiesReadOnly = true;
        bodyReadOnly = true;
    }

    // ------------------------------------------------------------------ headers

    @Override
    public String getJMSMessageID() {
        return messageId;
    }

    @Override
    public void setJMSMessageID(String id) {
        this.messageId = id;
    }

    @Override
    public long getJMSTimestamp() {
        return timestamp;
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        this.timestamp = timestamp;
    }

    /**
     * The correlation ID as bytes: those given to {@link #setJMSCorrelationIDAsBytes(byte[])} (they
     * travel as a {@code Binary} attribute), else the UTF-8 encoding of the string form.
     */
    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        if (correlationIdBytes != null) {
            return correlationIdBytes.clone();
        }
        return correlationId == null ? null : correlationId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        this.correlationIdBytes = correlationID == null ? null : correlationID.clone();
        this.correlationId = null;
    }

    @Override
    public void setJMSCorrelationID(String correlationID) {
        this.correlationId = correlationID;
        this.correlationIdBytes = null;
    }

    /** The correlation ID; one set as bytes reads as their UTF-8 decoding. */
    @Override
    public String getJMSCorrelationID() {
        if (correlationIdBytes != null) {
            return new String(correlationIdBytes, StandardCharsets.UTF_8);
        }
        return correlationId;
    }

    /** The bytes given to setJMSCorrelationIDAsBytes, or null (internal, not copied). */
    byte[] correlationIdBytes() {
        return correlationIdBytes;
    }

    @Override
    public Destination getJMSReplyTo() {
        return replyTo;
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) {
        this.replyTo = replyTo;
    }

    @Override
    public Destination getJMSDestination() {
        return destination;
    }

    @Override
    public void setJMSDestination(Destination destination) {
        this.destination = destination;
    }

    @Override
    public int getJMSDeliveryMode() {
        return deliveryMode;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) {
        this.deliveryMode = deliveryMode;
    }

    @Override
    public boolean getJMSRedelivered() {
        return redelivered;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        this.redelivered = redelivered;
    }

    @Override
    public String getJMSType() {
        return type;
    }

    @Override
    public void setJMSType(String type) {
        this.type = type;
    }

    @Override
    public long getJMSExpiration() {
        return expiration;
    }

    @Override
    public void setJMSExpiration(long expiration) {
        this.expiration = expiration;
    }

    @Override
    public long getJMSDeliveryTime() {
        return deliveryTime;
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        this.deliveryTime = deliveryTime;
    }

    @Override
    public int getJMSPriority() {
        return priority;
    }

    @Override
    public void setJMSPriority(int priority) {
        this.priority = priority;
    }

    // ------------------------------------------------------------------ properties

    /** Removes every property and makes properties writable. JMSXDeliveryCount (delivery state) stays. */
    @Override
    public void clearProperties() {
        properties = null;
        propertiesReadOnly = false;
    }

    @Override
    public boolean propertyExists(String name) {
        if (receiveCount > 0 && JMSX_DELIVERY_COUNT.equals(name)) {
            return true;
        }
        return properties != null && properties.containsKey(name);
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return TypeConversion.toBoolean(getObjectProperty(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return TypeConversion.toByte(getObjectProperty(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return TypeConversion.toShort(getObjectProperty(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return TypeConversion.toInt(getObjectProperty(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return TypeConversion.toLong(getObjectProperty(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return TypeConversion.toFloat(getObjectProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return TypeConversion.toDouble(getObjectProperty(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return TypeConversion.toText(getObjectProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        if (receiveCount > 0 && JMSX_DELIVERY_COUNT.equals(name)) {
            return receiveCount;
        }
        return properties == null ? null : properties.get(name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        List<String> names = new ArrayList<>((properties == null ? 0 : properties.size()) + 1);
        if (properties != null) {
            names.addAll(properties.keySet());
        }
        if (receiveCount > 0 && !names.contains(JMSX_DELIVERY_COUNT)) {
            names.add(JMSX_DELIVERY_COUNT);
        }
        return Collections.enumeration(names);
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        putProperty(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        putProperty(name, value);
    }

    /**
     * Sets a property from a {@code Boolean, Byte, Short, Integer, Long, Float, Double} or
     * {@code String} (null is accepted and reads like a missing value; it is not sent).
     *
     * @throws MessageFormatException for any other type
     */
    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        checkPropertyName(name);
        if (!TypeConversion.isPropertyType(value)) {
            throw new MessageFormatException("property " + name + ": a " + value.getClass().getName()
                    + " is not a valid property value (allowed: Boolean, Byte, Short, Integer, Long, Float,"
                    + " Double, String)");
        }
        checkPropertiesWritable();
        properties().put(name, value);
    }

    private void putProperty(String name, Object value) throws JMSException {
        checkPropertyName(name);
        checkPropertiesWritable();
        properties().put(name, value);
    }

    final Map<String, Object> properties() {
        Map<String, Object> p = properties;
        if (p == null) {
            p = properties = new LinkedHashMap<>();
        }
        return p;
    }

    /**
     * SQS's MessageGroupId and MessageDeduplicationId of a received message as {@code JMSXGroupID}
     * and {@code JMS_SQS_DeduplicationId} (the Amazon SQS JMS library's names), unless its sender set
     * them as properties already (a JMS sender does; a sender over the SQS API does not).
     */
    public final void setSqsIds(String messageGroupId, String messageDeduplicationId) {
        if (messageGroupId != null && !properties().containsKey("JMSXGroupID")) {
            putPropertyUnchecked("JMSXGroupID", messageGroupId);
        }
        if (messageDeduplicationId != null && !properties().containsKey("JMS_SQS_DeduplicationId")) {
            putPropertyUnchecked("JMS_SQS_DeduplicationId", messageDeduplicationId);
        }
    }

    /** Stores a property without the name and write checks (decode, copies). */
    final void putPropertyUnchecked(String name, Object value) {
        properties().put(name, value);
    }

    final void checkPropertiesWritable() throws MessageNotWriteableException {
        if (propertiesReadOnly) {
            throw new MessageNotWriteableException(
                    "the properties of a received message are read-only; call clearProperties() first");
        }
    }

    final void checkBodyWritable() throws MessageNotWriteableException {
        if (bodyReadOnly) {
            throw new MessageNotWriteableException(
                    "the body of this message is read-only; call clearBody() first");
        }
    }

    /**
     * Checks a property name.
     *
     * @throws IllegalArgumentException if it is null, empty, not a Java identifier, a selector
     *         keyword, a JMS header name or starts with {@code JMS_Jaqs_}
     */
    public static void checkPropertyName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty");
        }
        int cp = name.codePointAt(0);
        if (!Character.isJavaIdentifierStart(cp)) {
            throw new IllegalArgumentException("property name '" + name + "' is not a valid Java identifier");
        }
        for (int i = Character.charCount(cp); i < name.length(); i += Character.charCount(cp)) {
            cp = name.codePointAt(i);
            if (!Character.isJavaIdentifierPart(cp)) {
                throw new IllegalArgumentException("property name '" + name + "' is not a valid Java identifier");
            }
        }
        int n = name.length();
        if (n <= 7) {
            for (String k : SELECTOR_KEYWORDS) {
                if (k.equalsIgnoreCase(name)) {
                    throw new IllegalArgumentException("property name '" + name
                            + "' is a reserved word of the message selector syntax");
                }
            }
        }
        if (name.startsWith("JMS")) {
            if (MessageCodec.isHeaderName(name)) {
                throw new IllegalArgumentException("property name '" + name
                        + "' is the name of a JMS header; set the header with its setter instead");
            }
            if (name.startsWith(JAQS_ATTRIBUTE_PREFIX)) {
                throw new IllegalArgumentException("property name '" + name + "' uses the prefix "
                        + JAQS_ATTRIBUTE_PREFIX + ", which Jaqs reserves for itself");
            }
        }
    }

    // ------------------------------------------------------------------ body

    /** Empties the body and makes it writable (BytesMessage/StreamMessage: write-only mode). */
    @Override
    public void clearBody() throws JMSException {
        clearBodyContent();
        bodyReadOnly = false;
    }

    /** A Message without a body: null for any type. */
    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        return null;
    }

    /** A Message without a body: assignable to any type. */
    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        return true;
    }

    static MessageFormatException bodyNotAssignable(String bodyType, Class<?> c) {
        return new MessageFormatException("the body of this message is a " + bodyType
                + " and cannot be returned as " + (c == null ? "null" : c.getName()));
    }

    // ------------------------------------------------------------------ delivery

    /**
     * Acknowledges through the session that delivered this message (its acknowledge mode decides
     * what is deleted). Does nothing on a message that was not received.
     */
    @Override
    public void acknowledge() throws JMSException {
        DeliveryContext ctx = deliveryContext;
        if (ctx != null) {
            ctx.acknowledge(this);
        }
    }

    /**
     * Jaqs extension: sets the SQS visibility timeout of this delivered message to {@code timeout}
     * from now (ChangeMessageVisibility), e.g. to keep working on it longer, or 0 to release it.
     *
     * @throws IllegalStateException if the message was not received from a Jaqs consumer
     */
    public void changeVisibility(Duration timeout) throws JMSException {
        Objects.requireNonNull(timeout, "timeout");
        DeliveryContext ctx = deliveryContext;
        if (ctx == null) {
            throw new IllegalStateException(
                    "changeVisibility applies to a received message only; this message was not received");
        }
        ctx.changeVisibility(this, timeout);
    }

    /** Set by the session on a received message. */
    public void setDeliveryContext(DeliveryContext deliveryContext) {
        this.deliveryContext = deliveryContext;
    }

    public DeliveryContext getDeliveryContext() {
        return deliveryContext;
    }

    /** Jaqs extension: the SQS receipt handle of this delivery, or null if not received. */
    public String getReceiptHandle() {
        return receiptHandle;
    }

    public void setReceiptHandle(String receiptHandle) {
        this.receiptHandle = receiptHandle;
    }

    /** Jaqs extension: the FIFO sequence number, or null (standard queue, or not received). */
    public String getSequenceNumber() {
        return sequenceNumber;
    }

    public void setSequenceNumber(String sequenceNumber) {
        this.sequenceNumber = sequenceNumber;
    }

    /** Jaqs extension: the SQS ApproximateReceiveCount of this delivery (0 if not received). */
    public int getReceiveCount() {
        return receiveCount;
    }

    /**
     * Set by the session: from then on JMSXDeliveryCount reads {@code receiveCount} and
     * JMSRedelivered is {@code receiveCount > 1}.
     */
    public void setReceiveCount(int receiveCount) {
        this.receiveCount = receiveCount;
        this.redelivered = receiveCount > 1;
    }

    // ------------------------------------------------------------------ copies

    /** Copies headers and properties (not the delivery state) into {@code to}. */
    final void copyHeadersAndPropertiesTo(JaqsMessage to) {
        to.messageId = messageId;
        to.timestamp = timestamp;
        to.correlationId = correlationId;
        to.correlationIdBytes = correlationIdBytes;
        to.replyTo = replyTo;
        to.destination = destination;
        to.deliveryMode = deliveryMode;
        to.redelivered = redelivered;
        to.type = type;
        to.expiration = expiration;
        to.deliveryTime = deliveryTime;
        to.priority = priority;
        to.properties = properties == null ? null : new LinkedHashMap<>(properties);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append('[');
        sb.append("id=").append(messageId);
        if (destination != null) {
            sb.append(", destination=").append(destination);
        }
        if (correlationId != null || correlationIdBytes != null) {
            sb.append(", correlationId=").append(getJMSCorrelationID());
        }
        if (type != null) {
            sb.append(", type=").append(type);
        }
        sb.append(", deliveryMode=").append(deliveryMode == DeliveryMode.NON_PERSISTENT ? "NON_PERSISTENT" : "PERSISTENT");
        sb.append(", priority=").append(priority);
        if (receiveCount > 0) {
            sb.append(", receiveCount=").append(receiveCount);
        }
        if (properties != null) {
            sb.append(", properties=").append(properties.keySet());
        }
        return sb.append(']').toString();
    }
}
