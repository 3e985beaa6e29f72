package io.jaqs.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;

/** A TextMessage; the body travels as UTF-8 (a null text is flagged by an attribute). */
public class JaqsTextMessage extends JaqsMessage implements TextMessage {

    private String text;

    public JaqsTextMessage() {
    }

    public JaqsTextMessage(String text) {
        this.text = text;
    }

    @Override
    String bodyKind() {
        return "text";
    }

    @Override
    JaqsMessage newEmpty() {
        return new JaqsTextMessage();
    }

    @Override
    byte[] encodeBody() {
        return text == null || text.isEmpty() ? ByteSink.EMPTY : text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    void decodeBody(byte[] body) {
        text = body == null || body.length == 0 ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** Sets the text without the write check (decode of a null text, copies). */
    void setTextUnchecked(String text) {
        this.text = text;
    }

    @Override
    void clearBodyContent() {
        text = null;
    }

    @Override
    public void setText(String string) throws JMSException {
        checkBodyWritable();
        this.text = string;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (text == null) {
            return null;
        }
        if (c != null && c.isAssignableFrom(String.class)) {
            return c.cast(text);
        }
        throw bodyNotAssignable("String", c);
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return text == null || ((Class<?>) c).isAssignableFrom(String.class);
    }
}
