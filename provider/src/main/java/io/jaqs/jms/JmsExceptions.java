package io.jaqs.jms;

import io.jaqs.broker.BrokerException;
import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

/** Maps broker errors to the JMS exception the spec names, and checked JMS exceptions to runtime ones. */
public final class JmsExceptions {
    private JmsExceptions() {
    }

    /** The JMS exception for a broker error; the message keeps the broker's, which names the rule. */
    public static JMSException of(RuntimeException e) {
        if (!(e instanceof BrokerException be)) {
            JMSException j = new JMSException(String.valueOf(e.getMessage()));
            j.initCause(e);
            j.setLinkedException(e instanceof Exception ? e : null);
            return j;
        }
        JMSException j = switch (be.code()) {
            case QUEUE_DOES_NOT_EXIST, QUEUE_NAME_EXISTS -> new InvalidDestinationException(be.getMessage(), be.code().sqsCode());
            case MESSAGE_TOO_LONG, INVALID_MESSAGE_CONTENTS -> new MessageFormatException(be.getMessage(), be.code().sqsCode());
            case OVER_LIMIT -> new ResourceAllocationException(be.getMessage(), be.code().sqsCode());
            case TRANSACTION_CONFLICT -> new TransactionRolledBackException(be.getMessage(), be.code().sqsCode());
            case BROKER_CLOSED -> new IllegalStateException(be.getMessage(), be.code().sqsCode());
            case ACCESS_DENIED -> new JMSSecurityException(be.getMessage(), be.code().sqsCode());
            default -> new JMSException(be.getMessage(), be.code().sqsCode());
        };
        j.initCause(be);
        j.setLinkedException(be);
        return j;
    }

    /** The unchecked counterpart of a JMS exception, for the simplified API (JMS 2.0 section 13). */
    public static JMSRuntimeException runtime(JMSException e) {
        JMSRuntimeException r;
        if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(e.getMessage(), e.getErrorCode(), e);
        } else {
            r = new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
        return r;
    }

    static IllegalStateException closed(String what) {
        return new IllegalStateException("The " + what + " is closed");
    }
}
