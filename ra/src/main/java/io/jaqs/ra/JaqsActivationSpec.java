package io.jaqs.ra;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.InvalidPropertyException;
import jakarta.resource.spi.ResourceAdapter;
import java.beans.IntrospectionException;
import java.beans.PropertyDescriptor;
import java.io.Serializable;
import java.util.Locale;

/**
 * How a message-driven bean receives: the activation config properties of EJB 3.2 (5.4.17) and
 * JMS 3.1 ({@code destination}, {@code destinationType}, {@code messageSelector},
 * {@code acknowledgeMode}, {@code subscriptionDurability}, {@code subscriptionName},
 * {@code clientId}) plus {@code shared} (a shared topic subscription, so that {@code maxSessions}
 * consumers share its messages), {@code maxSessions} (concurrent deliveries), {@code receiveTimeout}
 * (milliseconds one wait for a message lasts before the consumer checks for shutdown; a
 * transacted delivery opens its transaction only once a message is there) and
 * {@code user}/{@code password}. Queue attributes ({@link QueueAttributeProperties}: {@code deadLetterQueue}
 * and {@code maxReceiveCount}, {@code redrivePolicy}, {@code visibilityTimeout}, ...) are applied to the
 * destination queue, or to a named topic subscription's queue, when the endpoint is activated.
 */
public class JaqsActivationSpec implements ActivationSpec, Serializable {
    private static final long serialVersionUID = 1L;
    static final String QUEUE = "jakarta.jms.Queue";
    static final String TOPIC = "jakarta.jms.Topic";

    private transient ResourceAdapter resourceAdapter;
    private String destination;
    private String destinationType = QUEUE;
    private String messageSelector;
    private String acknowledgeMode = "Auto-acknowledge";
    private String subscriptionDurability = "NonDurable";
    private String subscriptionName;
    private String clientId;
    private Boolean shared = Boolean.FALSE;
    private Integer maxSessions = 5;
    private Integer receiveTimeout = 5000;
    private String user;
    private String password;
    private final QueueAttributeProperties queue = new QueueAttributeProperties();

    @Override
    public void validate() throws InvalidPropertyException {
        if (destination == null || destination.isBlank()) {
            throw invalid("destination", "destination must name the queue or topic to receive from");
        }
        String type = normalizedDestinationType();
        if (type == null) {
            throw invalid("destinationType", "destinationType must be jakarta.jms.Queue or jakarta.jms.Topic, not '"
                    + destinationType + "'");
        }
        if (normalizedAcknowledgeMode() == null) {
            throw invalid("acknowledgeMode", "acknowledgeMode must be Auto-acknowledge or Dups-ok-acknowledge, not '"
                    + acknowledgeMode + "' (a message-driven bean's receive is acknowledged by the container)");
        }
        Boolean durable = durable();
        if (durable == null) {
            throw invalid("subscriptionDurability", "subscriptionDurability must be Durable or NonDurable, not '"
                    + subscriptionDurability + "'");
        }
        if (durable && !TOPIC.equals(type)) {
            throw invalid("subscriptionDurability", "subscriptionDurability Durable needs destinationType jakarta.jms.Topic");
        }
        if ((durable || isShared()) && (subscriptionName == null || subscriptionName.isBlank())) {
            throw invalid("subscriptionName", "a " + (durable ? "durable" : "shared") + " subscription needs a subscriptionName");
        }
        if (durable && !isShared() && (clientId == null || clientId.isBlank())) {
            throw invalid("clientId", "an unshared durable subscription needs a clientId (or set shared=true)");
        }
        if (isShared() && !TOPIC.equals(type)) {
            throw invalid("shared", "shared applies to topic subscriptions only");
        }
        if (maxSessions == null || maxSessions < 1) {
            throw invalid("maxSessions", "maxSessions must be at least 1, got " + maxSessions);
        }
        if (receiveTimeout == null || receiveTimeout < 1) {
            throw invalid("receiveTimeout", "receiveTimeout must be at least 1 millisecond, got " + receiveTimeout);
        }
        if (!queue.isEmpty() && TOPIC.equals(type) && !durable && !isShared()) {
            throw invalid("deadLetterQueue", "queue attributes apply to a queue or a named (durable or shared) topic subscription");
        }
        queueAttributes();
    }

    /** The SQS attributes of the destination queue (or the subscription's) this spec sets; empty when none. */
    java.util.Map<String, String> queueAttributes() throws InvalidPropertyException {
        return queue.toMapOrInvalid("Invalid Jaqs activation property");
    }

    private InvalidPropertyException invalid(String property, String message) {
        InvalidPropertyException e = new InvalidPropertyException("Invalid Jaqs activation property " + property + ": " + message);
        try {
            e.setInvalidPropertyDescriptors(new PropertyDescriptor[] {new PropertyDescriptor(property, JaqsActivationSpec.class)});
        } catch (IntrospectionException ignored) {
            // the message names the property anyway
        }
        return e;
    }

    String normalizedDestinationType() {
        String t = destinationType == null ? QUEUE : destinationType.trim();
        return switch (t) {
            case QUEUE, "javax.jms.Queue", "Queue", "queue" -> QUEUE;
            case TOPIC, "javax.jms.Topic", "Topic", "topic" -> TOPIC;
            default -> null;
        };
    }

    String normalizedAcknowledgeMode() {
        String m = acknowledgeMode == null ? "auto-acknowledge" : acknowledgeMode.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (m) {
            case "auto-acknowledge" -> "Auto-acknowledge";
            case "dups-ok-acknowledge" -> "Dups-ok-acknowledge";
            default -> null;
        };
    }

    Boolean durable() {
        String d = subscriptionDurability == null ? "nondurable" : subscriptionDurability.trim().toLowerCase(Locale.ROOT);
        return switch (d) {
            case "durable" -> Boolean.TRUE;
            case "nondurable", "non-durable" -> Boolean.FALSE;
            default -> null;
        };
    }

    boolean isShared() {
        return Boolean.TRUE.equals(shared);
    }

    /** Consumers to open: maxSessions, except 1 for an unshared topic subscription (each would get every message). */
    int consumers() {
        return TOPIC.equals(normalizedDestinationType()) && !isShared() ? 1 : maxSessions;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
    }

    public String getDestination() {
        return destination;
    }

    public void setDestination(String destination) {
        this.destination = destination;
    }

    public String getDestinationType() {
        return destinationType;
    }

    public void setDestinationType(String destinationType) {
        this.destinationType = destinationType;
    }

    public String getMessageSelector() {
        return messageSelector;
    }

    public void setMessageSelector(String messageSelector) {
        this.messageSelector = messageSelector == null || messageSelector.isBlank() ? null : messageSelector;
    }

    public String getAcknowledgeMode() {
        return acknowledgeMode;
    }

    public void setAcknowledgeMode(String acknowledgeMode) {
        this.acknowledgeMode = acknowledgeMode;
    }

    public String getSubscriptionDurability() {
        return subscriptionDurability;
    }

    public void setSubscriptionDurability(String subscriptionDurability) {
        this.subscriptionDurability = subscriptionDurability;
    }

    public String getSubscriptionName() {
        return subscriptionName;
    }

    public void setSubscriptionName(String subscriptionName) {
        this.subscriptionName = subscriptionName;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public Boolean getShared() {
        return shared;
    }

    public void setShared(Boolean shared) {
        this.shared = shared;
    }

    public Integer getMaxSessions() {
        return maxSessions;
    }

    public void setMaxSessions(Integer maxSessions) {
        this.maxSessions = maxSessions;
    }

    public Integer getReceiveTimeout() {
        return receiveTimeout;
    }

    public void setReceiveTimeout(Integer receiveTimeout) {
        this.receiveTimeout = receiveTimeout;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getRedrivePolicy() {
        return queue.redrivePolicy;
    }

    public void setRedrivePolicy(String json) {
        queue.redrivePolicy = QueueAttributeProperties.blankToNull(json);
    }

    public String getDeadLetterQueue() {
        return queue.deadLetterQueue;
    }

    public void setDeadLetterQueue(String name) {
        queue.deadLetterQueue = QueueAttributeProperties.blankToNull(name);
    }

    public Integer getMaxReceiveCount() {
        return queue.maxReceiveCount;
    }

    public void setMaxReceiveCount(Integer n) {
        queue.maxReceiveCount = n;
    }

    public Integer getVisibilityTimeout() {
        return queue.visibilityTimeout;
    }

    public void setVisibilityTimeout(Integer seconds) {
        queue.visibilityTimeout = seconds;
    }

    public Integer getDelaySeconds() {
        return queue.delaySeconds;
    }

    public void setDelaySeconds(Integer seconds) {
        queue.delaySeconds = seconds;
    }

    public Integer getMessageRetentionPeriod() {
        return queue.messageRetentionPeriod;
    }

    public void setMessageRetentionPeriod(Integer seconds) {
        queue.messageRetentionPeriod = seconds;
    }

    public String getAttributes() {
        return queue.attributes;
    }

    /** Any other settable SQS attributes: {@code Name=value;Name2=value2}. */
    public void setAttributes(String attributes) {
        queue.attributes = QueueAttributeProperties.blankToNull(attributes);
    }

    @Override
    public String toString() {
        return "JaqsActivationSpec[" + normalizedDestinationType() + " " + destination
                + (messageSelector != null ? ", selector " + messageSelector : "")
                + (subscriptionName != null ? ", subscription " + subscriptionName : "") + ", maxSessions " + maxSessions + "]";
    }
}
