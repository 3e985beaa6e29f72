package io.jaqs.jms.message;

import jakarta.jms.JMSException;
import java.time.Duration;

/**
 * Hook through which a received {@link JaqsMessage} reaches the session that delivered it.
 * The session installs one with {@link JaqsMessage#setDeliveryContext(DeliveryContext)} before it
 * hands the message to the application.
 */
public interface DeliveryContext {

    /** Called by {@link JaqsMessage#acknowledge()}; the session applies its acknowledge mode. */
    void acknowledge(JaqsMessage message) throws JMSException;

    /** Called by {@link JaqsMessage#changeVisibility(Duration)}: SQS ChangeMessageVisibility. */
    void changeVisibility(JaqsMessage message, Duration timeout) throws JMSException;
}
