package io.jaqs.jms.message;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;

/**
 * Turns a {@code JMSDestination}/{@code JMSReplyTo} value into the string stored in a
 * {@code String.Destination} message attribute, and back. The destination classes live in the JMS
 * facade; {@link MessageCodec} only sees them through this interface.
 */
public interface DestinationCodec {

    /** Never called with null. */
    String encode(Destination d) throws JMSException;

    /** Never called with null. */
    Destination decode(String s) throws JMSException;
}
