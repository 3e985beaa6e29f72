package io.jaqs.ra;

import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterAssociation;
import java.util.Map;

/**
 * A Jaqs queue as a Connectors admin object (ra.xml {@code adminobject} for
 * {@code jakarta.jms.Queue}): the server creates it from its configuration ({@code name}: the queue,
 * {@code x} or {@code x.fifo} for a FIFO queue) and binds it where applications look destinations up.
 * Jaqs sessions take any {@link Queue} by its name, so this is used exactly as the provider's own
 * {@code JaqsQueue}.
 * <p>
 * Its queue attributes ({@link QueueAttributeProperties}: {@code deadLetterQueue} and
 * {@code maxReceiveCount}, {@code redrivePolicy}, {@code visibilityTimeout}, ...) are applied by the
 * resource adapter when the server associates the object with it: the queue (and the dead-letter
 * queue it names) is created with them, or an existing queue is updated to them.
 */
public class JaqsQueueAdminObject extends AdminDestination implements Queue, ResourceAdapterAssociation {
    private static final long serialVersionUID = 1L;

    private final QueueAttributeProperties queue = new QueueAttributeProperties();
    private transient ResourceAdapter resourceAdapter;

    public JaqsQueueAdminObject() {
        super(null);
    }

    public JaqsQueueAdminObject(String name) {
        super(name);
    }

    @Override
    String kind() {
        return "queue";
    }

    @Override
    public String getQueueName() throws JMSException {
        return requireName();
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    /** The server associates the object with the adapter: its queue attributes are applied now. */
    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
        if (ra instanceof JaqsResourceAdapter j && !queue.isEmpty()) {
            String name = getName();
            if (name == null) {
                throw new jakarta.resource.spi.InvalidPropertyException("This Jaqs queue admin object has queue attributes but no name: set its 'name' property");
            }
            j.configureQueue(name, queueAttributes());
        }
    }

    /** The SQS attributes its properties give (empty when none is set). */
    Map<String, String> queueAttributes() throws ResourceException {
        try {
            return queue.toMap("Jaqs queue admin object " + getName());
        } catch (IllegalArgumentException e) {
            throw new jakarta.resource.spi.InvalidPropertyException(e.getMessage(), e);
        }
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
    public boolean equals(Object o) {
        return super.equals(o) && queue.same(((JaqsQueueAdminObject) o).queue);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + queue.hash();
    }
}
