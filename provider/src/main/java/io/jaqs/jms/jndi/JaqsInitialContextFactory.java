package io.jaqs.jms.jndi;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.QueueNames;
import io.jaqs.broker.QueueSettings;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.JaqsQueue;
import io.jaqs.jms.JaqsTopic;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.naming.ConfigurationException;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;

/**
 * JNDI for Jaqs without an application server, in the usual provider convention, so that
 * {@code new InitialContext()} finds Jaqs objects. Put in the environment or in a
 * {@code jndi.properties} on the classpath (which {@link javax.naming.InitialContext} merges into the
 * environment):
 *
 * <pre>
 * java.naming.factory.initial = io.jaqs.jms.jndi.JaqsInitialContextFactory
 * connectionFactory.&lt;name&gt;            = &lt;store JDBC URL&gt;          e.g. jdbc:h2:file:./data/jaqs
 * connectionFactory.&lt;name&gt;.&lt;property&gt; = &lt;value&gt;   clientID, user, password, durability, prefetch,
 *     autoCreateQueues, redeliveryDelaySeconds, redeliveryMultiplier, maxRedeliveryDelaySeconds,
 *     visibilityTimeoutSeconds, fifoGroupId, trustedPackages,
 *     storeUser, storePassword, storeEncryptionKey, users (name:password,name2:pbkdf2:...), roles,
 *     permissions, usersFile, rolesFile, jaasLoginEntry (see the README's Security section)
 * queue.&lt;name&gt;                        = &lt;queue name&gt;
 * topic.&lt;name&gt;                        = &lt;topic name&gt;
 * queueAttributes.&lt;queue&gt;.&lt;Attribute&gt;  = &lt;value&gt;   SQS attributes of a queue created on first use,
 *     given to every connection factory of the context
 * subscriptionAttributes.&lt;subscription&gt;.&lt;Attribute&gt; = &lt;value&gt;   SQS attributes of the queue of a named
 *     topic subscription (durable, shared, shared durable), given to every connection factory of the context
 * </pre>
 *
 * <p>The context is read-only and in memory: lookup, list and listBindings work; bind, rebind,
 * unbind, rename and subcontexts are refused with {@link javax.naming.OperationNotSupportedException}.
 * A malformed entry fails the context's creation with a {@link ConfigurationException} naming the key.
 */
public class JaqsInitialContextFactory implements InitialContextFactory {
    public static final String CONNECTION_FACTORY_PREFIX = "connectionFactory.";
    public static final String QUEUE_PREFIX = "queue.";
    public static final String TOPIC_PREFIX = "topic.";
    public static final String QUEUE_ATTRIBUTES_PREFIX = "queueAttributes.";
    public static final String SUBSCRIPTION_ATTRIBUTES_PREFIX = "subscriptionAttributes.";

    @Override
    public Context getInitialContext(Hashtable<?, ?> environment) throws NamingException {
        Map<String, String> env = strings(environment);
        Map<String, Object> bindings = new TreeMap<>();
        Map<String, JaqsConnectionFactory> factories = factories(env);
        bindings.putAll(factories);
        bindDestinations(env, bindings);
        applyQueueAttributes(env, factories.values());
        applySubscriptionAttributes(env, factories.values());
        return new ReadOnlyContext(bindings, environment);
    }

    /** The environment's String entries (a Hashtable may hold other objects; no Jaqs key does). */
    private static Map<String, String> strings(Hashtable<?, ?> environment) {
        Map<String, String> env = new TreeMap<>();
        if (environment != null) {
            environment.forEach((k, v) -> {
                if (k instanceof String key && v != null) {
                    env.put(key, v.toString());
                }
            });
        }
        return env;
    }

    /**
     * The factories: {@code connectionFactory.<name>=<url>}, then their properties. A key
     * {@code connectionFactory.a.b.prefetch} is a property of factory {@code a.b} when that factory
     * is defined and {@code prefetch} is a property name; otherwise it defines factory {@code a.b.prefetch}.
     */
    private static Map<String, JaqsConnectionFactory> factories(Map<String, String> env) throws NamingException {
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(CONNECTION_FACTORY_PREFIX)) {
                String rest = e.getKey().substring(CONNECTION_FACTORY_PREFIX.length());
                if (rest.isEmpty()) {
                    throw new ConfigurationException(e.getKey() + ": expected connectionFactory.<name>=<store JDBC URL>");
                }
                urls.put(rest, e.getValue());
            }
        }
        for (String name : java.util.List.copyOf(urls.keySet())) {
            int dot = name.lastIndexOf('.');
            if (dot > 0 && urls.containsKey(name.substring(0, dot)) && FactoryProperties.isProperty(name.substring(dot + 1))) {
                properties.put(name, urls.remove(name));
            }
        }
        Map<String, JaqsConnectionFactory> factories = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : urls.entrySet()) {
            factories.put(e.getKey(), factory(e.getKey(), e.getValue().trim()));
        }
        for (Map.Entry<String, String> e : properties.entrySet()) {
            int dot = e.getKey().lastIndexOf('.');
            FactoryProperties.apply(factories.get(e.getKey().substring(0, dot)), e.getKey().substring(dot + 1), e.getValue(),
                    CONNECTION_FACTORY_PREFIX + e.getKey());
        }
        return factories;
    }

    private static JaqsConnectionFactory factory(String name, String url) throws ConfigurationException {
        if (!url.startsWith("jdbc:")) {
            int dot = name.lastIndexOf('.');
            String hint = dot > 0 ? "; if '" + name.substring(dot + 1) + "' is meant as a property of connectionFactory."
                    + name.substring(0, dot) + ", that factory must be defined and the properties are "
                    + String.join(", ", FactoryProperties.names()) : "";
            throw new ConfigurationException(CONNECTION_FACTORY_PREFIX + name + "=" + url
                    + ": the value must be the store's JDBC URL (jdbc:h2:file:<path>, jdbc:h2:mem:<name>, jdbc:postgresql://...)" + hint);
        }
        return new JaqsConnectionFactory(url);
    }

    private static void bindDestinations(Map<String, String> env, Map<String, Object> bindings) throws NamingException {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().trim();
            Object destination;
            String name;
            if (key.startsWith(QUEUE_PREFIX)) {
                name = key.substring(QUEUE_PREFIX.length());
                destination = queue(key, value);
            } else if (key.startsWith(TOPIC_PREFIX)) {
                name = key.substring(TOPIC_PREFIX.length());
                if (value.isEmpty()) {
                    throw new ConfigurationException(key + ": a topic name must not be empty");
                }
                destination = new JaqsTopic(value);
            } else {
                continue;
            }
            if (name.isEmpty()) {
                throw new ConfigurationException(key + ": expected " + key + "<JNDI name>=<destination name>");
            }
            if (bindings.putIfAbsent(name, destination) != null) {
                throw new ConfigurationException(key + ": the JNDI name '" + name + "' is bound twice");
            }
        }
    }

    private static JaqsQueue queue(String key, String value) throws ConfigurationException {
        try {
            QueueNames.validate(value);
        } catch (BrokerException e) {
            throw new ConfigurationException(key + "=" + value + ": " + e.getMessage());
        }
        return new JaqsQueue(value);
    }

    private static void applyQueueAttributes(Map<String, String> env, Iterable<JaqsConnectionFactory> factories)
            throws ConfigurationException {
        Map<String, Map<String, String>> byQueue = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(QUEUE_ATTRIBUTES_PREFIX)) {
                FactoryProperties.QueueAttribute qa = FactoryProperties.QueueAttribute.parse(
                        e.getKey().substring(QUEUE_ATTRIBUTES_PREFIX.length()), e.getKey());
                byQueue.computeIfAbsent(qa.queue(), q -> new LinkedHashMap<>()).put(qa.attribute(), e.getValue().trim());
            }
        }
        for (Map.Entry<String, Map<String, String>> q : byQueue.entrySet()) {
            try {
                QueueNames.validate(q.getKey());
                QueueSettings.forCreate(q.getKey(), q.getValue()); // ranges checked now rather than at first use
            } catch (BrokerException e) {
                throw new ConfigurationException(QUEUE_ATTRIBUTES_PREFIX + q.getKey() + ".*: " + e.getMessage());
            }
        }
        for (JaqsConnectionFactory f : factories) {
            byQueue.forEach(f::setQueueAttributes);
        }
    }

    private static void applySubscriptionAttributes(Map<String, String> env, Iterable<JaqsConnectionFactory> factories)
            throws ConfigurationException {
        Map<String, Map<String, String>> bySubscription = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(SUBSCRIPTION_ATTRIBUTES_PREFIX)) {
                FactoryProperties.QueueAttribute sa = FactoryProperties.QueueAttribute.parse(
                        e.getKey().substring(SUBSCRIPTION_ATTRIBUTES_PREFIX.length()), e.getKey(),
                        SUBSCRIPTION_ATTRIBUTES_PREFIX + "<subscription name>");
                bySubscription.computeIfAbsent(sa.queue(), q -> new LinkedHashMap<>()).put(sa.attribute(), e.getValue().trim());
            }
        }
        for (Map.Entry<String, Map<String, String>> sub : bySubscription.entrySet()) {
            try {
                // ranges checked now rather than at the first subscribe; the queue's type is the topic's, unknown here
                boolean fifo = "true".equalsIgnoreCase(sub.getValue().get("FifoQueue"))
                        || sub.getValue().containsKey("ContentBasedDeduplication");
                QueueSettings.forCreate("subscription-check" + (fifo ? ".fifo" : ""), sub.getValue());
            } catch (BrokerException e) {
                throw new ConfigurationException(SUBSCRIPTION_ATTRIBUTES_PREFIX + sub.getKey() + ".*: " + e.getMessage());
            }
        }
        for (JaqsConnectionFactory f : factories) {
            bySubscription.forEach(f::setSubscriptionAttributes);
        }
    }
}
