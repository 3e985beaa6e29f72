package io.jaqs.jms.message;

import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.TraceHeaders;
import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts JMS messages to the broker's form (body bytes + SQS-style message attributes) and back.
 *
 * <h2>Attributes</h2>
 * Every JMS property becomes one attribute of the same name whose data type carries the Java type,
 * as the Amazon SQS JMS library (amazon-sqs-java-messaging-lib) writes them:
 * <table>
 * <caption>property attributes</caption>
 * <tr><th>Java type</th><th>data type</th><th>string value</th></tr>
 * <tr><td>String</td><td>{@code String}</td><td>the string</td></tr>
 * <tr><td>boolean</td><td>{@code Number.Boolean}</td><td>{@code 1} / {@code 0}</td></tr>
 * <tr><td>byte, short, int, long</td><td>{@code Number.byte}, {@code Number.short}, {@code Number.int},
 * {@code Number.long}</td><td>decimal</td></tr>
 * <tr><td>float, double</td><td>{@code Number.float}, {@code Number.double}</td>
 * <td>{@link Float#toString}/{@link Double#toString} (exact round trip)</td></tr>
 * <tr><td>float, double NaN or infinite</td><td>{@code String.float}, {@code String.double}</td>
 * <td>{@code NaN}, {@code Infinity}, {@code -Infinity} (not valid SQS Numbers)</td></tr>
 * </table>
 * Decoding also accepts {@code String.Boolean} ({@code true}/{@code false}), plain {@code Number}
 * (Integer, Long or Double, whichever fits), other {@code String.*} / {@code Number.*} labels (String
 * / as plain Number); {@code Binary} attributes are not JMS properties and are skipped. A property
 * whose value is null is not sent. {@code JMSXDeliveryCount} is not sent (the broker's receive count
 * supplies it).
 *
 * <p>Headers travel under their own names: {@code JMSCorrelationID} ({@code String}; {@code Binary}
 * when set with setJMSCorrelationIDAsBytes), {@code JMSType} ({@code String}), {@code JMSReplyTo} and
 * {@code JMSDestination} ({@code String.Destination}, through the {@link DestinationCodec}),
 * {@code JMSPriority} and {@code JMSDeliveryMode} ({@code Number.int}, always sent),
 * {@code JMSTimestamp} ({@code Number.long}, always sent), {@code JMSExpiration} and
 * {@code JMSDeliveryTime} ({@code Number.long}, sent when not 0). Null headers are not sent.
 * {@code JMSMessageID} and {@code JMSRedelivered} are not sent: after {@link #decode} the session sets
 * them ({@link JaqsMessage#setJMSMessageID}, {@link JaqsMessage#setReceiveCount}).
 *
 * <p>{@value #ATTR_TYPE} ({@code String}) names the body kind: {@code text}, {@code bytes},
 * {@code map}, {@code stream}, {@code object} or {@code message}; {@value #ATTR_NULL_BODY}
 * ({@code String}, {@code true}) marks a TextMessage whose text is null.
 *
 * <h2>Bodies</h2>
 * text: UTF-8; bytes: as written; object: Java serialization; map, stream: the format in
 * {@code BodyFormat} (version byte, varint count, tagged values); a Message without body: empty.
 * A message without {@value #ATTR_TYPE} (sent over the SQS API) decodes as a TextMessage of the
 * UTF-8 body, or, when it carries the Amazon SQS JMS library's {@code JMS_SQSMessageType}
 * ({@code byte} / {@code object}), as a Bytes/ObjectMessage of the Base64 body.
 *
 * <p>Arrays are not defensively copied: {@link #encode} may return arrays shared with the message's
 * (immutable) state, and {@link #decode} takes ownership of {@code body}. Do not modify them.
 */
public final class MessageCodec {

    /** Body kind attribute. */
    public static final String ATTR_TYPE = "JMS_Jaqs_Type";
    /** Flag attribute: the TextMessage text is null (not empty). */
    public static final String ATTR_NULL_BODY = "JMS_Jaqs_NullBody";

    public static final String JMS_MESSAGE_ID = "JMSMessageID";
    public static final String JMS_TIMESTAMP = "JMSTimestamp";
    public static final String JMS_CORRELATION_ID = "JMSCorrelationID";
    public static final String JMS_REPLY_TO = "JMSReplyTo";
    public static final String JMS_DESTINATION = "JMSDestination";
    public static final String JMS_DELIVERY_MODE = "JMSDeliveryMode";
    public static final String JMS_REDELIVERED = "JMSRedelivered";
    public static final String JMS_TYPE = "JMSType";
    public static final String JMS_EXPIRATION = "JMSExpiration";
    public static final String JMS_DELIVERY_TIME = "JMSDeliveryTime";
    public static final String JMS_PRIORITY = "JMSPriority";

    public static final String TYPE_STRING = "String";
    public static final String TYPE_BOOLEAN = "Number.Boolean";
    public static final String TYPE_BYTE = "Number.byte";
    public static final String TYPE_SHORT = "Number.short";
    public static final String TYPE_INT = "Number.int";
    public static final String TYPE_LONG = "Number.long";
    public static final String TYPE_FLOAT = "Number.float";
    public static final String TYPE_DOUBLE = "Number.double";
    public static final String TYPE_DESTINATION = "String.Destination";
    /** Accepted on decode (not written): a boolean as {@code true}/{@code false}. */
    public static final String TYPE_STRING_BOOLEAN = "String.Boolean";
    /** A float that is NaN or infinite (not a valid SQS Number): {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    public static final String TYPE_SPECIAL_FLOAT = "String.float";
    /** A double that is NaN or infinite (not a valid SQS Number). */
    public static final String TYPE_SPECIAL_DOUBLE = "String.double";

    private static final String SQS_LIB_MESSAGE_TYPE = "JMS_SQSMessageType";

    private static final MessageAttributeValue KIND_TEXT = MessageAttributeValue.string("text");
    private static final MessageAttributeValue KIND_BYTES = MessageAttributeValue.string("bytes");
    private static final MessageAttributeValue KIND_MAP = MessageAttributeValue.string("map");
    private static final MessageAttributeValue KIND_STREAM = MessageAttributeValue.string("stream");
    private static final MessageAttributeValue KIND_OBJECT = MessageAttributeValue.string("object");
    private static final MessageAttributeValue KIND_MESSAGE = MessageAttributeValue.string("message");
    private static final MessageAttributeValue NULL_BODY = MessageAttributeValue.string("true");
    private static final MessageAttributeValue BOOL_TRUE = MessageAttributeValue.of(TYPE_BOOLEAN, "1", null);
    private static final MessageAttributeValue BOOL_FALSE = MessageAttributeValue.of(TYPE_BOOLEAN, "0", null);
    private static final MessageAttributeValue[] SMALL_INTS = new MessageAttributeValue[10];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = MessageAttributeValue.of(TYPE_INT, Integer.toString(i), null);
        }
    }

    private MessageCodec() {
    }

    /** A message in the broker's form. */
    public record EncodedMessage(byte[] body, Map<String, MessageAttributeValue> attributes) {
    }

    /** Whether {@code name} is the name of a JMS header (JMSMessageID ... JMSPriority). */
    public static boolean isHeaderName(String name) {
        switch (name) {
            case JMS_MESSAGE_ID:
            case JMS_TIMESTAMP:
            case JMS_CORRELATION_ID:
            case JMS_REPLY_TO:
            case JMS_DESTINATION:
            case JMS_DELIVERY_MODE:
            case JMS_REDELIVERED:
            case JMS_TYPE:
            case JMS_EXPIRATION:
            case JMS_DELIVERY_TIME:
            case JMS_PRIORITY:
                return true;
            default:
                return false;
        }
    }

    // ================================================================== encode

    /**
     * The broker form of {@code m}: a Jaqs message, or any other provider's message (read through the
     * JMS API; a foreign Bytes/StreamMessage is reset() before and after reading).
     *
     * @param destinations encodes JMSDestination / JMSReplyTo; may be null when the message has neither
     */
    public static EncodedMessage encode(Message m, DestinationCodec destinations) throws JMSException {
        JaqsMessage jm = m instanceof JaqsMessage j ? j : copyOf(m);
        Map<String, Object> props = jm.properties;
        if (jm instanceof JaqsTextMessage t) {
            checkWellFormed(t.getText(), "the text");
        }
        checkWellFormed(jm.getJMSCorrelationID(), "JMSCorrelationID");
        checkWellFormed(jm.getJMSType(), "JMSType");
        int count = (props == null ? 0 : props.size()) + 8;
        HashMap<String, MessageAttributeValue> a = new HashMap<>(count * 4 / 3 + 1);

        a.put(ATTR_TYPE, kindAttribute(jm));
        int mode = jm.getJMSDeliveryMode();
        a.put(JMS_DELIVERY_MODE, intAttribute(mode));
        a.put(JMS_PRIORITY, intAttribute(jm.getJMSPriority()));
        a.put(JMS_TIMESTAMP, MessageAttributeValue.of(TYPE_LONG, Long.toString(jm.getJMSTimestamp()), null));
        long expiration = jm.getJMSExpiration();
        if (expiration != 0) {
            a.put(JMS_EXPIRATION, MessageAttributeValue.of(TYPE_LONG, Long.toString(expiration), null));
        }
        long deliveryTime = jm.getJMSDeliveryTime();
        if (deliveryTime != 0) {
            a.put(JMS_DELIVERY_TIME, MessageAttributeValue.of(TYPE_LONG, Long.toString(deliveryTime), null));
        }
        byte[] correlationBytes = jm.correlationIdBytes();
        if (correlationBytes != null) {
            a.put(JMS_CORRELATION_ID, MessageAttributeValue.binary(correlationBytes));
        } else {
            String correlationId = jm.getJMSCorrelationID();
            if (correlationId != null) {
                a.put(JMS_CORRELATION_ID, MessageAttributeValue.of(TYPE_STRING, correlationId, null));
            }
        }
        String type = jm.getJMSType();
        if (type != null) {
            a.put(JMS_TYPE, MessageAttributeValue.of(TYPE_STRING, type, null));
        }
        Destination replyTo = jm.getJMSReplyTo();
        if (replyTo != null) {
            a.put(JMS_REPLY_TO, MessageAttributeValue.of(TYPE_DESTINATION,
                    destinationCodec(destinations).encode(replyTo), null));
        }
        Destination destination = jm.getJMSDestination();
        if (destination != null) {
            a.put(JMS_DESTINATION, MessageAttributeValue.of(TYPE_DESTINATION,
                    destinationCodec(destinations).encode(destination), null));
        }
        if (props != null) {
            for (Map.Entry<String, Object> e : props.entrySet()) {
                Object v = e.getValue();
                String name = e.getKey();
                if (v != null && !JaqsMessage.JMSX_DELIVERY_COUNT.equals(name)) {
                    if (v instanceof String str) {
                        checkWellFormed(str, "property " + name);
                    }
                    a.put(name, propertyAttribute(v));
                }
            }
        }
        if (jm instanceof JaqsTextMessage t && t.getText() == null) {
            a.put(ATTR_NULL_BODY, NULL_BODY);
        }
        return new EncodedMessage(jm.encodeBody(), a);
    }

    /**
     * Refuses a string holding a lone UTF-16 surrogate: UTF-8 (the store's and SQS's encoding)
     * cannot carry it, and Java's encoder would silently turn it into '?'. Refused rather than
     * changed: the application learns of it at send, and nothing is stored.
     */
    static void checkWellFormed(String s, String what) throws MessageFormatException {
        if (s == null) {
            return;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new MessageFormatException(what + " holds an unpaired UTF-16 surrogate (\\u"
                        + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + i
                        + "), which UTF-8 cannot carry; the message was not sent");
            }
        }
    }

    private static MessageAttributeValue kindAttribute(JaqsMessage m) {
        switch (m.bodyKind()) {
            case "text":
                return KIND_TEXT;
            case "bytes":
                return KIND_BYTES;
            case "map":
                return KIND_MAP;
            case "stream":
                return KIND_STREAM;
            case "object":
                return KIND_OBJECT;
            default:
                return KIND_MESSAGE;
        }
    }

    private static MessageAttributeValue intAttribute(int v) {
        return v >= 0 && v < SMALL_INTS.length ? SMALL_INTS[v] : MessageAttributeValue.of(TYPE_INT, Integer.toString(v), null);
    }

    private static DestinationCodec destinationCodec(DestinationCodec codec) throws JMSException {
        if (codec == null) {
            throw new JMSException("the message has a JMSDestination or JMSReplyTo, but no DestinationCodec was given");
        }
        return codec;
    }

    /**
     * The attribute for one property value (Boolean, Byte, Short, Integer, Long, Float, Double or
     * String).
     *
     * @throws MessageFormatException for another type
     */
    public static MessageAttributeValue propertyAttribute(Object v) throws MessageFormatException {
        if (v instanceof String s) {
            return MessageAttributeValue.of(TYPE_STRING, s, null);
        }
        if (v instanceof Integer i) {
            return intAttribute(i);
        }
        if (v instanceof Long l) {
            return MessageAttributeValue.of(TYPE_LONG, Long.toString(l), null);
        }
        if (v instanceof Boolean b) {
            return b ? BOOL_TRUE : BOOL_FALSE;
        }
        if (v instanceof Double d) {
            return MessageAttributeValue.of(Double.isFinite(d) ? TYPE_DOUBLE : TYPE_SPECIAL_DOUBLE, Double.toString(d), null);
        }
        if (v instanceof Float f) {
            return MessageAttributeValue.of(Float.isFinite(f) ? TYPE_FLOAT : TYPE_SPECIAL_FLOAT, Float.toString(f), null);
        }
        if (v instanceof Short s) {
            return MessageAttributeValue.of(TYPE_SHORT, Short.toString(s), null);
        }
        if (v instanceof Byte b) {
            return MessageAttributeValue.of(TYPE_BYTE, Byte.toString(b), null);
        }
        throw new MessageFormatException("not a JMS property value: "
                + (v == null ? "null" : v.getClass().getName()));
    }

    /**
     * The property value an attribute carries, as its Java type; null for a Binary attribute. An
     * unparsable number yields its string.
     */
    public static Object propertyValue(MessageAttributeValue v) {
        if (v == null || v.isBinary()) {
            return null;
        }
        String s = v.stringValue();
        String dataType = v.dataType();
        try {
            switch (dataType) {
                case TYPE_STRING:
                    return s;
                case TYPE_INT:
                    return Integer.valueOf(s);
                case TYPE_LONG:
                    return Long.valueOf(s);
                case TYPE_BOOLEAN:
                    return "1".equals(s) || "true".equalsIgnoreCase(s);
                case TYPE_STRING_BOOLEAN:
                    return Boolean.valueOf(s);
                case TYPE_DOUBLE:
                case TYPE_SPECIAL_DOUBLE:
                    return Double.valueOf(s);
                case TYPE_FLOAT:
                case TYPE_SPECIAL_FLOAT:
                    return Float.valueOf(s);
                case TYPE_SHORT:
                    return Short.valueOf(s);
                case TYPE_BYTE:
                    return Byte.valueOf(s);
                default:
                    return dataType.startsWith("Number") ? plainNumber(s) : s;
            }
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private static Object plainNumber(String s) {
        try {
            long l = Long.parseLong(s.trim());
            return l == (int) l ? (Object) (int) l : (Object) l;
        } catch (NumberFormatException e) {
            return Double.valueOf(s);
        }
    }

    // ================================================================== decode

    /**
     * The received message for a broker message: same type, headers (except JMSMessageID and
     * JMSRedelivered, which the session sets), properties with their Java types, body; properties
     * and body are read-only, BytesMessage/StreamMessage positioned at the start. The session then
     * calls setJMSMessageID, setReceiveCount, setReceiptHandle, setSequenceNumber (FIFO) and
     * setDeliveryContext.
     *
     * @param allowList for an ObjectMessage; null means {@link ObjectMessageAllowList#getDefault()}
     */
    public static JaqsMessage decode(byte[] body, Map<String, MessageAttributeValue> attributes,
            DestinationCodec destinations, ObjectMessageAllowList allowList) throws JMSException {
        if (body == null) {
            body = ByteSink.EMPTY;
        }
        if (attributes == null) {
            attributes = Map.of();
        }
        MessageAttributeValue kindAttr = attributes.get(ATTR_TYPE);
        String kind = kindAttr == null ? null : kindAttr.stringValue();
        boolean sqsLibBody = false;
        if (kind == null) {
            MessageAttributeValue sqsType = attributes.get(SQS_LIB_MESSAGE_TYPE);
            String s = sqsType == null ? null : sqsType.stringValue();
            if ("byte".equals(s) || "object".equals(s)) {
                kind = "byte".equals(s) ? "bytes" : "object";
                sqsLibBody = true;
            } else {
                kind = "text";
            }
        }
        JaqsMessage m;
        switch (kind) {
            case "text":
                m = new JaqsTextMessage();
                break;
            case "bytes":
                m = new JaqsBytesMessage();
                break;
            case "map":
                m = new JaqsMapMessage();
                break;
            case "stream":
                m = new JaqsStreamMessage();
                break;
            case "object": {
                JaqsObjectMessage o = new JaqsObjectMessage();
                o.setAllowList(allowList);
                m = o;
                break;
            }
            case "message":
                m = new JaqsMessage();
                break;
            default:
                throw new MessageFormatException("unknown " + ATTR_TYPE + " '" + kind + "'");
        }
        if (sqsLibBody) {
            try {
                body = Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new MessageFormatException(SQS_LIB_MESSAGE_TYPE + " body is not Base64: " + e.getMessage());
            }
        }
        m.decodeBody(body);
        if (m instanceof JaqsTextMessage t && attributes.containsKey(ATTR_NULL_BODY)) {
            t.setTextUnchecked(null);
        }

        int propertyCount = attributes.size();
        for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
            String name = e.getKey();
            MessageAttributeValue v = e.getValue();
            if (name.startsWith("JMS")) {
                if (decodeHeader(m, name, v, destinations)) {
                    propertyCount--;
                    continue;
                }
                if (name.equals(TraceHeaders.STORED_AWS_TRACE_HEADER) && !attributes.containsKey(TraceHeaders.TRACEPARENT)) {
                    // sent by an SQS client with the AWSTraceHeader system attribute (X-Ray) and no traceparent: the
                    // consumer sees the same trace and parent span as a W3C traceparent, which tracing continues
                    String traceparent = TraceHeaders.fromAwsTraceHeader(v.isBinary() ? null : v.stringValue());
                    if (traceparent != null) {
                        name = TraceHeaders.TRACEPARENT;
                        v = MessageAttributeValue.string(traceparent);
                    }
                }
                if (name.startsWith(JaqsMessage.JAQS_ATTRIBUTE_PREFIX)
                        || (sqsLibBody && name.equals(SQS_LIB_MESSAGE_TYPE))) {
                    continue;
                }
            }
            Object value = propertyValue(v);
            if (value != null) {
                if (m.properties == null) {
                    m.properties = new LinkedHashMap<>(propertyCount * 4 / 3 + 1);
                }
                m.properties.put(name, value);
            }
        }
        m.markReadOnly();
        return m;
    }

    /** Applies a header attribute; false if {@code name} is not a header. */
    private static boolean decodeHeader(JaqsMessage m, String name, MessageAttributeValue v,
            DestinationCodec destinations) throws JMSException {
        switch (name) {
            case JMS_CORRELATION_ID:
                if (v.isBinary()) {
                    m.setJMSCorrelationIDAsBytes(v.binaryValue());
                } else {
                    m.setJMSCorrelationID(v.stringValue());
                }
                return true;
            case JMS_TYPE:
                m.setJMSType(v.stringValue());
                return true;
            case JMS_REPLY_TO:
                if (!v.isBinary()) {
                    m.setJMSReplyTo(destinationCodec(destinations).decode(v.stringValue()));
                }
                return true;
            case JMS_DESTINATION:
                if (!v.isBinary()) {
                    m.setJMSDestination(destinationCodec(destinations).decode(v.stringValue()));
                }
                return true;
            case JMS_PRIORITY: {
                Long p = parseLong(v);
                if (p != null) {
                    m.setJMSPriority(p.intValue());
                }
                return true;
            }
            case JMS_DELIVERY_MODE: {
                Long d = parseLong(v);
                if (d != null) {
                    m.setJMSDeliveryMode(d.intValue());
                }
                return true;
            }
            case JMS_TIMESTAMP: {
                Long t = parseLong(v);
                if (t != null) {
                    m.setJMSTimestamp(t);
                }
                return true;
            }
            case JMS_EXPIRATION: {
                Long t = parseLong(v);
                if (t != null) {
                    m.setJMSExpiration(t);
                }
                return true;
            }
            case JMS_DELIVERY_TIME: {
                Long t = parseLong(v);
                if (t != null) {
                    m.setJMSDeliveryTime(t);
                }
                return true;
            }
            case JMS_MESSAGE_ID:
            case JMS_REDELIVERED:
                return true; // never written; the session supplies them
            default:
                return false;
        }
    }

    private static Long parseLong(MessageAttributeValue v) {
        if (v == null || v.isBinary()) {
            return null;
        }
        try {
            return Long.valueOf(v.stringValue().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ================================================================== selectors

    /**
     * The value of a message selector identifier, without decoding the body. Same as
     * {@link #selectorValue(Map, String, String, int) selectorValue(attributes, identifier, null, 0)}:
     * JMSMessageID and JMSXDeliveryCount are then null.
     */
    public static Object selectorValue(Map<String, MessageAttributeValue> attributes, String identifier) {
        return selectorValue(attributes, identifier, null, 0);
    }

    /**
     * The value of a message selector identifier, without decoding the body, equal to what the
     * decoded message reports: properties as their Java type (String, Boolean, Byte, Short, Integer,
     * Long, Float, Double); {@code JMSDeliveryMode} as {@code "PERSISTENT"} / {@code "NON_PERSISTENT"}
     * (PERSISTENT when absent, as a decoded message reports); {@code JMSPriority} Integer (4 when
     * absent); {@code JMSTimestamp} Long (0 when absent); {@code JMSCorrelationID}, {@code JMSType}
     * String or null; {@code JMSMessageID} the given {@code jmsMessageId};
     * {@code JMSXDeliveryCount} the given {@code deliveryCount} when above 0. Any other name (including
     * the headers a selector may not use, and Jaqs' internal attributes) is a property: null when
     * absent.
     *
     * @param jmsMessageId the JMSMessageID the session will give the message, or null
     * @param deliveryCount the JMSXDeliveryCount the message will have, or 0 when unknown
     */
    public static Object selectorValue(Map<String, MessageAttributeValue> attributes, String identifier,
            String jmsMessageId, int deliveryCount) {
        if (identifier.startsWith("JMS")) {
            switch (identifier) {
                case JMS_DELIVERY_MODE: {
                    Long mode = parseLong(attributes.get(JMS_DELIVERY_MODE));
                    return mode != null && mode == DeliveryMode.NON_PERSISTENT ? "NON_PERSISTENT" : "PERSISTENT";
                }
                case JMS_PRIORITY: {
                    Long p = parseLong(attributes.get(JMS_PRIORITY));
                    return p == null ? Message.DEFAULT_PRIORITY : p.intValue();
                }
                case JMS_TIMESTAMP: {
                    Long t = parseLong(attributes.get(JMS_TIMESTAMP));
                    return t == null ? 0L : t;
                }
                case JMS_MESSAGE_ID:
                    return jmsMessageId;
                case JMS_CORRELATION_ID: {
                    MessageAttributeValue v = attributes.get(JMS_CORRELATION_ID);
                    if (v == null) {
                        return null;
                    }
                    return v.isBinary() ? new String(v.binaryValue(), StandardCharsets.UTF_8) : v.stringValue();
                }
                case JMS_TYPE: {
                    MessageAttributeValue v = attributes.get(JMS_TYPE);
                    return v == null || v.isBinary() ? null : v.stringValue();
                }
                case JaqsMessage.JMSX_DELIVERY_COUNT:
                    return deliveryCount > 0 ? deliveryCount : null;
                case JMS_REPLY_TO:
                case JMS_DESTINATION:
                case JMS_EXPIRATION:
                case JMS_DELIVERY_TIME:
                case JMS_REDELIVERED:
                    return null; // not selector identifiers: a property of that name cannot exist
                default:
                    if (identifier.startsWith(JaqsMessage.JAQS_ATTRIBUTE_PREFIX)) {
                        return null;
                    }
            }
        }
        return propertyValue(attributes.get(identifier));
    }

    // ================================================================== copies

    /**
     * A Jaqs copy of any message (another provider's, or a Jaqs one): same type, headers,
     * properties and body; Destination objects are kept as they are. Properties and body are
     * writable, except that a BytesMessage/StreamMessage copy is in read mode (as after reset()).
     * The delivery state (receipt handle, context, receive count, JMSXDeliveryCount) is not copied.
     */
    public static JaqsMessage copyOf(Message m) throws JMSException {
        JaqsMessage c;
        if (m instanceof JaqsMessage jm) {
            c = jm.newEmpty();
            jm.copyHeadersAndPropertiesTo(c);
            if (jm instanceof JaqsTextMessage t) {
                ((JaqsTextMessage) c).setTextUnchecked(t.getText());
            } else {
                c.decodeBody(jm.encodeBody());
            }
        } else {
            c = copyForeignBody(m);
            copyForeignHeaders(m, c);
            Enumeration<?> names = m.getPropertyNames();
            while (names != null && names.hasMoreElements()) {
                String name = (String) names.nextElement();
                if (JaqsMessage.JMSX_DELIVERY_COUNT.equals(name) || isHeaderName(name)
                        || name.startsWith(JaqsMessage.JAQS_ATTRIBUTE_PREFIX)) {
                    continue;
                }
                Object v = m.getObjectProperty(name);
                if (!TypeConversion.isPropertyType(v)) {
                    throw new MessageFormatException("property " + name + " of the foreign message holds a "
                            + v.getClass().getName() + ", which is not a JMS property type");
                }
                c.putPropertyUnchecked(name, v);
            }
        }
        if (c instanceof JaqsBytesMessage b) {
            b.reset();
        } else if (c instanceof JaqsStreamMessage s) {
            s.reset();
        }
        return c;
    }

    private static JaqsMessage copyForeignBody(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            return new JaqsTextMessage(t.getText());
        }
        if (m instanceof BytesMessage b) {
            b.reset();
            long n = b.getBodyLength();
            if (n > Integer.MAX_VALUE - 8) {
                throw new MessageFormatException("BytesMessage body of " + n + " bytes is too large");
            }
            byte[] data = new byte[(int) n];
            int off = Math.max(0, b.readBytes(data)); // a compliant provider fills it at once
            if (off < data.length) {
                byte[] chunk = new byte[Math.min(8192, data.length - off)];
                int r;
                while (off < data.length && (r = b.readBytes(chunk, Math.min(chunk.length, data.length - off))) > 0) {
                    System.arraycopy(chunk, 0, data, off, r);
                    off += r;
                }
                if (off < data.length) {
                    data = Arrays.copyOf(data, off);
                }
            }
            b.reset();
            JaqsBytesMessage c = new JaqsBytesMessage();
            c.decodeBody(data);
            return c;
        }
        if (m instanceof MapMessage mm) {
            JaqsMapMessage c = new JaqsMapMessage();
            Enumeration<?> names = mm.getMapNames();
            while (names.hasMoreElements()) {
                String name = (String) names.nextElement();
                c.setObject(name, mm.getObject(name));
            }
            return c;
        }
        if (m instanceof StreamMessage sm) {
            JaqsStreamMessage c = new JaqsStreamMessage();
            sm.reset();
            while (true) {
                Object v;
                try {
                    v = sm.readObject();
                } catch (MessageEOFException eof) {
                    break;
                }
                c.writeObject(v);
            }
            sm.reset();
            return c;
        }
        if (m instanceof ObjectMessage om) {
            JaqsObjectMessage c = new JaqsObjectMessage();
            c.setObject(om.getObject());
            return c;
        }
        return new JaqsMessage();
    }

    private static void copyForeignHeaders(Message m, JaqsMessage c) throws JMSException {
        c.setJMSMessageID(m.getJMSMessageID());
        c.setJMSTimestamp(m.getJMSTimestamp());
        c.setJMSCorrelationID(m.getJMSCorrelationID());
        c.setJMSReplyTo(m.getJMSReplyTo());
        c.setJMSDestination(m.getJMSDestination());
        c.setJMSDeliveryMode(m.getJMSDeliveryMode());
        c.setJMSRedelivered(m.getJMSRedelivered());
        c.setJMSType(m.getJMSType());
        c.setJMSExpiration(m.getJMSExpiration());
        c.setJMSDeliveryTime(m.getJMSDeliveryTime());
        c.setJMSPriority(m.getJMSPriority());
    }
}
