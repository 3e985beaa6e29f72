package io.jaqs.jms.message;

import jakarta.jms.JMSException;
import jakarta.jms.ObjectMessage;
import java.io.Serializable;

/**
 * An ObjectMessage. {@link #setObject} keeps a serialized snapshot; {@link #getObject()} and
 * {@link #getBody(Class)} deserialize it under an {@link ObjectMessageAllowList} (the one set with
 * {@link #setAllowList}, else {@link ObjectMessageAllowList#getDefault()}).
 */
public class JaqsObjectMessage extends JaqsMessage implements ObjectMessage {

    private byte[] data; // Java serialization of the body, null for a null body
    private ObjectMessageAllowList allowList;

    public JaqsObjectMessage() {
    }

    public JaqsObjectMessage(Serializable object) throws JMSException {
        setObject(object);
    }

    @Override
    String bodyKind() {
        return "object";
    }

    @Override
    JaqsMessage newEmpty() {
        JaqsObjectMessage m = new JaqsObjectMessage();
        m.allowList = allowList;
        return m;
    }

    @Override
    byte[] encodeBody() {
        return data == null ? ByteSink.EMPTY : data;
    }

    @Override
    void decodeBody(byte[] body) {
        data = body == null || body.length == 0 ? null : body;
    }

    @Override
    void clearBodyContent() {
        data = null;
    }

    /** The allow-list applied by getObject/getBody; null means {@link ObjectMessageAllowList#getDefault()}. */
    public void setAllowList(ObjectMessageAllowList allowList) {
        this.allowList = allowList;
    }

    /** The allow-list in force (the default one when none was set). */
    public ObjectMessageAllowList getAllowList() {
        ObjectMessageAllowList l = allowList;
        return l != null ? l : ObjectMessageAllowList.getDefault();
    }

    /** Stores a serialized snapshot of {@code object}; later changes to it do not affect the message. */
    @Override
    public void setObject(Serializable object) throws JMSException {
        checkBodyWritable();
        data = object == null ? null : ObjectMessageAllowList.serialize(object);
    }

    /**
     * A new copy of the body, deserialized under the allow-list.
     *
     * @throws jakarta.jms.MessageFormatException if the body holds a class outside the allow-list
     *         (the message says how to allow it) or cannot be deserialized
     */
    @Override
    public Serializable getObject() throws JMSException {
        return data == null ? null : getAllowList().deserialize(data);
    }

    /** Size in bytes of the serialized body (0 for a null body). */
    public int getSerializedSize() {
        return data == null ? 0 : data.length;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        Serializable o = getObject();
        if (o == null) {
            return null;
        }
        if (c != null && c.isInstance(o)) {
            return c.cast(o);
        }
        throw bodyNotAssignable(o.getClass().getName(), c);
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) throws JMSException {
        if (data == null) {
            return true;
        }
        return c.isInstance(getObject());
    }
}
