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
 * resource adapter when the server associates the object with it (or, when the server set them
 * after that, at the object's first use): the queue (and the dead-letter queue it names) is created
 * with them, or an existing queue is updated to them.
 */
public class JaqsQueueAdminObject extends AdminDestination implements Queue, ResourceAdapterAssociation {
    private static final long serialVersionUID = 1L;

    private final QueueAttributeProperties queue = new QueueAttributeProperties();
    private transient ResourceAdapter resourceAdapter;
    /** Whether its attributes reached the adapter since they were last set. */
    private transient volatile boolean applied;

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

    /**
     * The queue's name. The first use also applies the queue attributes if the server associated
     * the object before setting them (Open Liberty), so that they hold before the first message.
     */
    @Override
    public String getQueueName() throws JMSException {
        String name = requireName();
        if (!applied && resourceAdapter instanceof JaqsResourceAdapter j && !queue.isEmpty()) {
            try {
                apply(j);
            } catch (ResourceException e) {
                jakarta.jms.InvalidDestinationException ide = new jakarta.jms.InvalidDestinationException(e.getMessage());
                ide.setLinkedException(e);
                ide.initCause(e);
                throw ide;
            }
        }
        return name;
    }

    private void apply(JaqsResourceAdapter ra) throws ResourceException {
        String name = getName();
        if (name == null) {
            throw new jakarta.resource.spi.InvalidPropertyException("This Jaqs queue admin object has queue attributes but no name: set its 'name' property");
        }
        ra.configureQueue(name, queueAttributes());
        applied = true;
    }

    @Override
    public ResourceAdapter getResourceAdapter() {
        return resourceAdapter;
    }

    /** The server associates the object with the adapter: its queue attributes are applied now. */
    @Override
    public void setResourceAdapter(ResourceAdapter ra) throws ResourceException {
        this.resourceAdapter = ra;
        applied = false;
        if (ra instanceof JaqsResourceAdapter j && !queue.isEmpty()) {
            apply(j);
        }
    }

    /** The SQS attributes its properties give (empty when none is set). */
    Map<String, String> queueAttributes() throws ResourceException {
        return queue.toMapOrInvalid("Jaqs queue admin object " + getName());
    }

    public String getRedrivePolicy() {
        return queue.redrivePolicy;
    }

    public void setRedrivePolicy(String json) {
        queue.redrivePolicy = QueueAttributeProperties.blankToNull(json);
        applied = false;
    }

    public String getDeadLetterQueue() {
        return queue.deadLetterQueue;
    }

    public void setDeadLetterQueue(String name) {
        queue.deadLetterQueue = QueueAttributeProperties.blankToNull(name);
        applied = false;
    }

    public Integer getMaxReceiveCount() {
        return queue.maxReceiveCount;
    }

    public void setMaxReceiveCount(Integer n) {
        queue.maxReceiveCount = n;
        applied = false;
    }

    public Integer getVisibilityTimeout() {
        return queue.visibilityTimeout;
    }

    public void setVisibilityTimeout(Integer seconds) {
        queue.visibilityTimeout = seconds;
        applied = false;
    }

    public Integer getDelaySeconds() {
        return queue.delaySeconds;
    }

    public void setDelaySeconds(Integer seconds) {
        queue.delaySeconds = seconds;
        applied = false;
    }

    public Integer getMessageRetentionPeriod() {
        return queue.messageRetentionPeriod;
    }

    public void setMessageRetentionPeriod(Integer seconds) {
        queue.messageRetentionPeriod = seconds;
        applied = false;
    }

    public String getAttributes() {
        return queue.attributes;
    }

    /** Any other settable SQS attributes: {@code Name=value;Name2=value2}. */
    public void setAttributes(String attributes) {
        queue.attributes = QueueAttributeProperties.blankToNull(attributes);
        applied = false;
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
