package io.jaqs.jms.jndi;

import io.jaqs.jms.JaqsConnectionFactory;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BiConsumer;
import java.util.function.Function;
import javax.naming.ConfigurationException;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.StringRefAddr;

/**
 * The bean properties of a {@link JaqsConnectionFactory} by name, as JNDI properties
 * ({@code connectionFactory.<name>.<property>=<value>}) and JNDI references carry them. One table,
 * so a property set through {@code jndi.properties} and one restored from a reference behave alike.
 */
public final class FactoryProperties {
    /** Reference address of the store URL. */
    static final String URL = "url";
    /** Reference address prefix of queue attributes: {@code queueAttributes.<queue>.<Attribute>}. */
    static final String QUEUE_ATTRIBUTES = "queueAttributes.";
    /** Reference address prefix of subscription attributes: {@code subscriptionAttributes.<subscription>.<Attribute>}. */
    static final String SUBSCRIPTION_ATTRIBUTES = "subscriptionAttributes.";

    private record Property(BiConsumer<JaqsConnectionFactory, String> setter, Function<JaqsConnectionFactory, Object> getter) {
    }

    private static final Map<String, Property> PROPERTIES = new LinkedHashMap<>();
    /** The names as documented; PROPERTIES is keyed in lower case, as names match without regard to case. */
    private static final List<String> NAMES = new java.util.ArrayList<>();

    static {
        put("clientID", JaqsConnectionFactory::setClientID, JaqsConnectionFactory::getClientID);
        put("user", JaqsConnectionFactory::setUser, JaqsConnectionFactory::getUser);
        put("password", JaqsConnectionFactory::setPassword, JaqsConnectionFactory::getPassword);
        put("durability", JaqsConnectionFactory::setDurability, JaqsConnectionFactory::getDurability);
        put("prefetch", (f, v) -> f.setPrefetch(integer("prefetch", v)), JaqsConnectionFactory::getPrefetch);
        put("asyncAcknowledge", (f, v) -> f.setAsyncAcknowledge(bool("asyncAcknowledge", v)), JaqsConnectionFactory::isAsyncAcknowledge);
        put("autoCreateQueues", (f, v) -> f.setAutoCreateQueues(bool("autoCreateQueues", v)), JaqsConnectionFactory::isAutoCreateQueues);
        put("redeliveryDelaySeconds", (f, v) -> f.setRedeliveryDelaySeconds(integer("redeliveryDelaySeconds", v)),
                JaqsConnectionFactory::getRedeliveryDelaySeconds);
        put("redeliveryMultiplier", (f, v) -> f.setRedeliveryMultiplier(decimal("redeliveryMultiplier", v)),
                JaqsConnectionFactory::getRedeliveryMultiplier);
        put("maxRedeliveryDelaySeconds", (f, v) -> f.setMaxRedeliveryDelaySeconds(integer("maxRedeliveryDelaySeconds", v)),
                JaqsConnectionFactory::getMaxRedeliveryDelaySeconds);
        put("visibilityTimeoutSeconds", (f, v) -> f.setVisibilityTimeoutSeconds(
                v.isBlank() ? null : integer("visibilityTimeoutSeconds", v)), JaqsConnectionFactory::getVisibilityTimeoutSeconds);
        put("fifoGroupId", JaqsConnectionFactory::setFifoGroupId, JaqsConnectionFactory::getFifoGroupId);
        put("trustedPackages", JaqsConnectionFactory::setTrustedPackages, JaqsConnectionFactory::getTrustedPackages);
        put("storeUser", JaqsConnectionFactory::setStoreUser, JaqsConnectionFactory::getStoreUser);
        put("storePassword", JaqsConnectionFactory::setStorePassword, JaqsConnectionFactory::getStorePassword);
        put("storeEncryptionKey", JaqsConnectionFactory::setStoreEncryptionKey, JaqsConnectionFactory::getStoreEncryptionKey);
        put("users", JaqsConnectionFactory::setUsers, FactoryProperties::usersText);
        put("roles", JaqsConnectionFactory::setRoles, JaqsConnectionFactory::getRoles);
        put("permissions", JaqsConnectionFactory::setPermissions, JaqsConnectionFactory::getPermissions);
        put("usersFile", JaqsConnectionFactory::setUsersFile, JaqsConnectionFactory::getUsersFile);
        put("rolesFile", JaqsConnectionFactory::setRolesFile, JaqsConnectionFactory::getRolesFile);
        put("jaasLoginEntry", JaqsConnectionFactory::setJaasLoginEntry, JaqsConnectionFactory::getJaasLoginEntry);
    }

    private FactoryProperties() {
    }

    private static void put(String name, BiConsumer<JaqsConnectionFactory, String> setter,
                            Function<JaqsConnectionFactory, Object> getter) {
        PROPERTIES.put(name.toLowerCase(Locale.ROOT), new Property(setter, getter));
        NAMES.add(name);
    }

    /** The property names, as documented (matched without regard to case). */
    public static List<String> names() {
        return Collections.unmodifiableList(NAMES);
    }

    /** Whether {@code name} is a factory property (case-insensitive). */
    public static boolean isProperty(String name) {
        return PROPERTIES.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Sets one property of a factory from its text form.
     *
     * @param source where the value came from (a JNDI key), named in the error
     * @throws ConfigurationException for an unknown property or a value out of its range
     */
    public static void apply(JaqsConnectionFactory factory, String property, String value, String source)
            throws ConfigurationException {
        Property p = PROPERTIES.get(property.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new ConfigurationException(source + ": '" + property + "' is not a property of a Jaqs connection factory;"
                    + " the properties are " + String.join(", ", NAMES));
        }
        try {
            p.setter().accept(factory, value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(source + "=" + value + ": " + e.getMessage());
        }
    }

    /** A reference holding the factory's URL, every property that has a value, and its queue attributes. */
    public static Reference reference(JaqsConnectionFactory factory) {
        Reference ref = new Reference(JaqsConnectionFactory.class.getName(), JaqsObjectFactory.class.getName(), null);
        ref.add(new StringRefAddr(URL, factory.getUrl()));
        for (String name : NAMES) {
            Object v = PROPERTIES.get(name.toLowerCase(Locale.ROOT)).getter().apply(factory);
            if (v != null && !v.toString().isEmpty()) {
                ref.add(new StringRefAddr(name, v.toString()));
            }
        }
        factory.getQueueAttributes().forEach((queue, attributes) -> attributes.forEach((k, v) ->
                ref.add(new StringRefAddr(QUEUE_ATTRIBUTES + queue + "." + k, v))));
        factory.getSubscriptionAttributes().forEach((sub, attributes) -> attributes.forEach((k, v) ->
                ref.add(new StringRefAddr(SUBSCRIPTION_ATTRIBUTES + sub + "." + k, v))));
        return ref;
    }

    /** The factory a {@link #reference} describes. */
    static JaqsConnectionFactory fromReference(Reference ref) throws ConfigurationException {
        JaqsConnectionFactory f = new JaqsConnectionFactory();
        Map<String, Map<String, String>> queueAttributes = new LinkedHashMap<>();
        Map<String, Map<String, String>> subscriptionAttributes = new LinkedHashMap<>();
        Enumeration<RefAddr> all = ref.getAll();
        while (all.hasMoreElements()) {
            RefAddr a = all.nextElement();
            String type = a.getType();
            String value = a.getContent() == null ? null : a.getContent().toString();
            if (type.equals(URL)) {
                f.setUrl(value);
            } else if (type.startsWith(QUEUE_ATTRIBUTES)) {
                QueueAttribute qa = QueueAttribute.parse(type.substring(QUEUE_ATTRIBUTES.length()), "reference address " + type);
                queueAttributes.computeIfAbsent(qa.queue(), q -> new LinkedHashMap<>()).put(qa.attribute(), value);
            } else if (type.startsWith(SUBSCRIPTION_ATTRIBUTES)) {
                QueueAttribute sa = QueueAttribute.parse(type.substring(SUBSCRIPTION_ATTRIBUTES.length()), "reference address " + type,
                        SUBSCRIPTION_ATTRIBUTES + "<subscription name>");
                subscriptionAttributes.computeIfAbsent(sa.queue(), q -> new LinkedHashMap<>()).put(sa.attribute(), value);
            } else {
                apply(f, type, value, "reference address " + type);
            }
        }
        queueAttributes.forEach(f::setQueueAttributes);
        subscriptionAttributes.forEach(f::setSubscriptionAttributes);
        return f;
    }

    /**
     * A queue attribute key {@code <queue>.<Attribute>}: queue names hold no dot but the {@code .fifo}
     * suffix, and attribute names none (so a subscription name, the other use, may hold dots too).
     */
    record QueueAttribute(String queue, String attribute) {
        static QueueAttribute parse(String key, String source) throws ConfigurationException {
            return parse(key, source, QUEUE_ATTRIBUTES + "<queue name>");
        }

        static QueueAttribute parse(String key, String source, String form) throws ConfigurationException {
            int dot = key.lastIndexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new ConfigurationException(source + ": expected " + form + ".<SQS attribute name>");
            }
            return new QueueAttribute(key.substring(0, dot), key.substring(dot + 1));
        }
    }

    private static Object usersText(JaqsConnectionFactory f) {
        StringJoiner j = new StringJoiner(",");
        f.getUsers().forEach((name, pw) -> j.add(name + ":" + pw));
        return j.toString();
    }

    private static int integer(String property, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a whole number, got '" + value + "'");
        }
    }

    private static double decimal(String property, String value) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a number, got '" + value + "'");
        }
    }

    private static boolean bool(String property, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(property + " must be true or false, got '" + value + "'");
        }
        return v.equals("true");
    }
}
