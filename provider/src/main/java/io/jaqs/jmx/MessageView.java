package io.jaqs.jmx;

import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.ReceivedMessage;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** A browsed message as an operator reads it (JMX and the web console): text bodies as text, others in Base64. */
public record MessageView(String messageId, int receiveCount, String sentTimestamp, String messageGroupId,
                          Map<String, String> attributes, String body, boolean bodyIsBase64) {

    public static MessageView of(ReceivedMessage m) {
        Map<String, String> attrs = new TreeMap<>();
        if (m.attributes() != null) {
            for (Map.Entry<String, MessageAttributeValue> e : m.attributes().entrySet()) {
                MessageAttributeValue v = e.getValue();
                attrs.put(e.getKey(), v.isBinary() ? "(" + v.dataType() + ") " + Base64.getEncoder().encodeToString(v.binaryValue())
                        : "(" + v.dataType() + ") " + v.stringValue());
            }
        }
        String text = utf8(m.body());
        return new MessageView(m.messageId(), m.approximateReceiveCount(), String.valueOf(m.sentTimestamp()),
                m.messageGroupId(), attrs, text != null ? text : Base64.getEncoder().encodeToString(m.body()), text == null);
    }

    /** One line for JMX. */
    public String line() {
        return messageId + " | received " + receiveCount + " | sent " + sentTimestamp
                + (messageGroupId == null ? "" : " | group " + messageGroupId) + " | " + attributes
                + " | " + (bodyIsBase64 ? "base64:" : "") + body;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
