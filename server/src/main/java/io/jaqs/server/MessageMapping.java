package io.jaqs.server;

import io.jaqs.broker.AttributeCodec;
import io.jaqs.broker.Jsons;
import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.TraceHeaders;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Messages between the SQS wire and the core, including what JMS applications on the same core
 * see: a JMS message whose body is not text (BytesMessage, ObjectMessage, MapMessage,
 * StreamMessage) goes out with its body in Base64, as the Amazon SQS JMS library writes bytes and
 * object bodies, with that library's {@code JMS_SQSMessageType} ({@code byte} / {@code object}) so
 * its readers decode it. A message an SQS client sends has no JMS body kind and is read by JMS as a
 * TextMessage, or as the library's kind when it carries {@code JMS_SQSMessageType}.
 */
final class MessageMapping {
    /** The core's attribute naming a JMS body kind (io.jaqs.jms.message.MessageCodec.ATTR_TYPE). */
    static final String JMS_BODY_KIND = "JMS_Jaqs_Type";
    /** The Amazon SQS JMS library's body kind attribute. */
    static final String SQS_JMS_MESSAGE_TYPE = "JMS_SQSMessageType";
    private static final Set<String> BASE64_BODY_KINDS = Set.of("bytes", "object", "map", "stream");

    private MessageMapping() {
    }

    static SendMessageRequest sendRequest(JsonParams p) {
        String body = p.requiredString("MessageBody");
        SendMessageRequest.Builder b = SendMessageRequest.builder(body);
        Integer delay = p.integer("DelaySeconds");
        if (delay != null) {
            b.delaySeconds(delay);
        }
        p.objectMap("MessageAttributes").forEach((name, v) -> {
            if (name.equals(TraceHeaders.STORED_AWS_TRACE_HEADER)) {
                throw SqsError.invalidParameter("The message attribute name '" + name + "' is reserved: it stores the"
                        + " AWSTraceHeader message system attribute; send that in MessageSystemAttributes");
            }
            b.attribute(name, attributeValue(name, v));
        });
        p.objectMap("MessageSystemAttributes").forEach((name, v) -> {
            // SQS: "Currently, the only supported message system attribute is AWSTraceHeader. Its type must be String"
            if (!name.equals(TraceHeaders.AWS_TRACE_HEADER)) {
                throw SqsError.invalidParameter("Message system attribute name '" + name + "' is invalid:"
                        + " the only message system attribute a message can be sent with is AWSTraceHeader");
            }
            if (!"String".equals(v.string("DataType"))) {
                throw SqsError.invalidParameter("The message system attribute AWSTraceHeader must be of type String");
            }
            String header = v.string("StringValue");
            if (header == null || header.isEmpty()) {
                throw SqsError.invalidParameter("The message system attribute AWSTraceHeader must have a non-empty StringValue");
            }
            b.awsTraceHeader(header);
        });
        String group = p.string("MessageGroupId");
        if (group != null) {
            b.messageGroupId(group);
        }
        String dedup = p.string("MessageDeduplicationId");
        if (dedup != null) {
            b.messageDeduplicationId(dedup);
        }
        return b.build();
    }

    private static MessageAttributeValue attributeValue(String name, JsonParams v) {
        String type = v.string("DataType");
        if (type == null || type.isEmpty()) {
            throw SqsError.invalidParameter("The message attribute '" + name + "' must contain non-empty message attribute type.");
        }
        if (v.has("StringListValues") || v.has("BinaryListValues")) {
            throw SqsError.invalidParameter("Message attribute '" + name + "': StringListValues and BinaryListValues are not"
                    + " supported (SQS does not implement them either)");
        }
        String string = v.string("StringValue");
        String binary = v.string("BinaryValue");
        if (type.startsWith("Binary")) {
            if (binary == null) {
                throw SqsError.invalidParameter("Message attribute '" + name + "' of type " + type + " must have a BinaryValue");
            }
            try {
                return MessageAttributeValue.of(type, null, Base64.getDecoder().decode(binary));
            } catch (IllegalArgumentException e) {
                throw SqsError.serialization("Message attribute '" + name + "': BinaryValue is not Base64");
            }
        }
        if (string == null) {
            throw SqsError.invalidParameter("Message attribute '" + name + "' of type " + type + " must have a StringValue");
        }
        return MessageAttributeValue.of(type, string, null);
    }

    /**
     * SendMessage's {@code MD5OfMessageSystemAttributes}: the MD5 of the system attributes sent, encoded
     * as SQS encodes message attributes for {@code MD5OfMessageAttributes} (name, data type, transport
     * type, value), or null when the send had none.
     */
    static String md5OfSystemAttributes(SendMessageRequest request) {
        return request.awsTraceHeader() == null ? null
                : AttributeCodec.md5OfAttributes(Map.of(TraceHeaders.AWS_TRACE_HEADER, MessageAttributeValue.string(request.awsTraceHeader())));
    }

    /** The trace header to return: the one the message was sent with, else the X-Ray form of a JMS sender's traceparent. */
    private static String awsTraceHeader(ReceivedMessage m) {
        String stored = m.awsTraceHeader();
        if (stored != null) {
            return stored;
        }
        MessageAttributeValue traceparent = m.attributes().get(TraceHeaders.TRACEPARENT);
        return traceparent == null || traceparent.isBinary() ? null : TraceHeaders.toAwsTraceHeader(traceparent.stringValue());
    }

    /** A received message as the JSON protocol's {@code Message}. */
    static JsonObject received(ReceivedMessage m, ReceiveSelection selection, String senderId) {
        String body = body(m);
        JsonObjectBuilder out = Jsons.object()
                .add("MessageId", m.messageId())
                .add("ReceiptHandle", m.receiptHandle())
                .add("MD5OfBody", AttributeCodec.md5Hex(body.getBytes(StandardCharsets.UTF_8)))
                .add("Body", body);
        Map<String, String> system = systemAttributes(m, selection, senderId);
        if (!system.isEmpty()) {
            JsonObjectBuilder a = Jsons.object();
            system.forEach(a::add);
            out.add("Attributes", a);
        }
        Map<String, MessageAttributeValue> attributes = messageAttributes(m, selection);
        if (!attributes.isEmpty()) {
            JsonObjectBuilder a = Jsons.object();
            attributes.forEach((name, v) -> {
                JsonObjectBuilder value = Jsons.object().add("DataType", v.dataType());
                if (v.isBinary()) {
                    value.add("BinaryValue", SqsActions.base64(v.binaryValue()));
                } else {
                    value.add("StringValue", v.stringValue());
                }
                a.add(name, value);
            });
            out.add("MessageAttributes", a).add("MD5OfMessageAttributes", AttributeCodec.md5OfAttributes(attributes));
        }
        return out.build();
    }

    /** The body as text: UTF-8, or Base64 for a JMS body that is not text. */
    static String body(ReceivedMessage m) {
        return base64Body(m) ? Base64.getEncoder().encodeToString(m.body()) : m.bodyAsString();
    }

    private static boolean base64Body(ReceivedMessage m) {
        MessageAttributeValue kind = m.attributes().get(JMS_BODY_KIND);
        return kind != null && !kind.isBinary() && BASE64_BODY_KINDS.contains(kind.stringValue());
    }

    /** The message attributes the receive asked for, with the SQS JMS library's body kind added for JMS bodies. */
    private static Map<String, MessageAttributeValue> messageAttributes(ReceivedMessage m, ReceiveSelection selection) {
        Map<String, MessageAttributeValue> all = m.attributes();
        MessageAttributeValue kind = all.get(JMS_BODY_KIND);
        if (kind != null && !kind.isBinary() && !all.containsKey(SQS_JMS_MESSAGE_TYPE)
                && ("bytes".equals(kind.stringValue()) || "object".equals(kind.stringValue()))) {
            all = new LinkedHashMap<>(all);
            all.put(SQS_JMS_MESSAGE_TYPE, MessageAttributeValue.string("bytes".equals(kind.stringValue()) ? "byte" : "object"));
        }
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
        all.forEach((name, v) -> {
            if (selection.wantsMessageAttribute(name) && !name.equals(TraceHeaders.STORED_AWS_TRACE_HEADER)) {
                out.put(name, v);
            }
        });
        return out;
    }

    private static Map<String, String> systemAttributes(ReceivedMessage m, ReceiveSelection s, String senderId) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s.wantsSystemAttribute("SenderId")) {
            out.put("SenderId", senderId);
        }
        if (s.wantsSystemAttribute("SentTimestamp")) {
            out.put("SentTimestamp", Long.toString(m.sentTimestamp().toEpochMilli()));
        }
        if (s.wantsSystemAttribute("ApproximateReceiveCount")) {
            out.put("ApproximateReceiveCount", Integer.toString(m.approximateReceiveCount()));
        }
        if (s.wantsSystemAttribute("ApproximateFirstReceiveTimestamp") && m.approximateFirstReceiveTimestamp() != null) {
            out.put("ApproximateFirstReceiveTimestamp", Long.toString(m.approximateFirstReceiveTimestamp().toEpochMilli()));
        }
        if (s.wantsSystemAttribute("MessageGroupId") && m.messageGroupId() != null) {
            out.put("MessageGroupId", m.messageGroupId());
        }
        if (s.wantsSystemAttribute("MessageDeduplicationId") && m.messageDeduplicationId() != null) {
            out.put("MessageDeduplicationId", m.messageDeduplicationId());
        }
        if (s.wantsSystemAttribute("SequenceNumber") && m.sequenceNumber() != null) {
            out.put("SequenceNumber", m.sequenceNumber());
        }
        if (s.wantsSystemAttribute(TraceHeaders.AWS_TRACE_HEADER)) {
            String trace = awsTraceHeader(m);
            if (trace != null) {
                out.put(TraceHeaders.AWS_TRACE_HEADER, trace);
            }
        }
        if (s.wantsSystemAttribute("DeadLetterQueueSourceArn") && m.deadLetterQueueSourceArn() != null) {
            out.put("DeadLetterQueueSourceArn", m.deadLetterQueueSourceArn());
        }
        return out;
    }
}
