package io.jaqs.jms;

import io.jaqs.boot.BrokerSettings;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.Limits;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Broker;
import io.jaqs.broker.Subscription;
import io.jaqs.broker.store.QueueCounts;
import io.jaqs.broker.store.Durability;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueConnectionFactory;
import jakarta.jms.TopicConnection;
import jakarta.jms.TopicConnectionFactory;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Reference;
import javax.naming.Referenceable;

/**
 * The entry point: a JMS connection factory over a Jaqs store given by its JDBC URL
 * ({@code jdbc:h2:file:./data/jaqs} by default, {@code jdbc:h2:mem:name}, {@code jdbc:postgresql://…}).
 * Factories with the same URL in one JVM share one broker core. Configure with the setters before
 * the first connection.
 */
public class JaqsConnectionFactory implements ConnectionFactory, QueueConnectionFactory, TopicConnectionFactory, Serializable,
        Referenceable {
    private static final long serialVersionUID = 1L;

    private String url = JmsDefaults.STORE_URL;
    private String storeUser;
    private String storePassword;
    private String storeEncryptionKey;
    private String durability = Limits.DEFAULT_DURABILITY.name().toLowerCase(java.util.Locale.ROOT);
    private String clientId;
    private String user;
    private String password;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private String roles;
    private String permissions;
    private String usersFile;
    private String rolesFile;
    private String jaasLoginEntry;
    private transient volatile io.jaqs.broker.security.SecurityPolicy securityPolicy;
    private boolean autoCreateQueues = JmsDefaults.AUTO_CREATE_QUEUES;
    private final Map<String, Map<String, String>> queueAttributes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> subscriptionAttributes = new ConcurrentHashMap<>();
    private int prefetch = JmsDefaults.PREFETCH;
    private volatile boolean asyncAcknowledge = JmsDefaults.ASYNC_ACKNOWLEDGE;
    private int redeliveryDelaySeconds = JmsDefaults.REDELIVERY_DELAY_SECONDS;
    private double redeliveryMultiplier = JmsDefaults.REDELIVERY_MULTIPLIER;
    private int maxRedeliveryDelaySeconds = JmsDefaults.MAX_REDELIVERY_DELAY_SECONDS;
    private Integer visibilityTimeoutSeconds;
    private String fifoGroupId = JmsDefaults.FIFO_GROUP;
    private String trustedPackages;
    private transient Clock clock;

    public JaqsConnectionFactory() {
    }

    public JaqsConnectionFactory(String url) {
        this.url = url;
    }

    // ---- configuration

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    /**
     * Credentials of the store's database (PostgreSQL); H2 files need none. The user, the password
     * and {@link #setStoreEncryptionKey the encryption key} may each be given as {@code env:NAME}
     * (an environment variable), {@code file:/path} (a file's contents, trailing line break removed),
     * {@code plain:text} or a bare value; they are read when the broker opens the store.
     */
    public void setStoreUser(String storeUser) {
        this.storeUser = storeUser;
    }

    public String getStoreUser() {
        return storeUser;
    }

    public void setStorePassword(String storePassword) {
        this.storePassword = storePassword;
    }

    public String getStorePassword() {
        return storePassword;
    }

    /**
     * Encrypts an H2 file store at rest with H2's {@code CIPHER=AES} under this key (same forms as
     * {@link #setStoreUser the store password}: {@code env:NAME}, {@code file:/path}, ...). The
     * store is created encrypted and opens only with the same key: a lost key is lost data. Refused
     * for in-memory H2 and PostgreSQL stores, and for an empty key or one with whitespace.
     */
    public void setStoreEncryptionKey(String storeEncryptionKey) {
        this.storeEncryptionKey = storeEncryptionKey == null || storeEncryptionKey.isEmpty() ? null : storeEncryptionKey;
    }

    public String getStoreEncryptionKey() {
        return storeEncryptionKey;
    }

    /**
     * {@code process} (default: a returned send survives kill -9 of the JVM, not a power cut) or
     * {@code disk} (fsync before return: survives a power cut, at the cost of an fsync per group commit).
     */
    public void setDurability(String durability) {
        Durability.parse(durability);
        this.durability = durability;
    }

    public String getDurability() {
        return durability;
    }

    public String getClientID() {
        return clientId;
    }

    /** Client id given to every connection of this factory (durable subscriptions are keyed by it). */
    public void setClientID(String clientId) {
        this.clientId = clientId;
    }

    /** Default credentials of {@link #createConnection()}. */
    public void setUser(String user) {
        this.user = user;
    }

    public String getUser() {
        return user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getPassword() {
        return password;
    }

    /**
     * Adds a user allowed to connect. With no users configured any credentials are accepted; with
     * users, a connection with an unknown user or a wrong password is refused with a JMSSecurityException.
     */
    public void addUser(String name, String password) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("A user name must not be empty");
        }
        users.put(name, password == null ? "" : password);
        securityPolicy = null;
    }

    /**
     * Replaces the allowed users with a list in the form {@code name:password,name2:password2}
     * (the form JNDI properties and resource adapter configuration carry); null or blank allows
     * anyone. A password may contain ':' (the first one separates) but not ','.
     */
    public void setUsers(String list) {
        Map<String, String> parsed = io.jaqs.broker.security.SecurityPolicy.parseUsers(list);
        for (String pw : parsed.values()) {
            if (io.jaqs.broker.security.PasswordHash.isHash(pw)) {
                io.jaqs.broker.security.PasswordHash.parse(pw); // a malformed hash fails here, naming the rule
            }
        }
        users.clear();
        users.putAll(parsed);
        securityPolicy = null;
    }

    /**
     * Roles of users: {@code role:user1,user2; role2:user3} (see the README's Security section).
     * Permissions are granted to roles.
     */
    public void setRoles(String roles) {
        io.jaqs.broker.security.SecurityPolicy.parseRoles(roles);
        this.roles = roles;
        securityPolicy = null;
    }

    public String getRoles() {
        return roles;
    }

    /**
     * What roles may do on which destinations: {@code actions:pattern:roles} entries separated by
     * {@code ;}, e.g. {@code send,consume:orders.*:app; manage:#:admin}. None configured: every
     * authenticated user may do everything; some: only what they grant.
     */
    public void setPermissions(String permissions) {
        io.jaqs.broker.security.Permission.parseList(permissions);
        this.permissions = permissions;
        securityPolicy = null;
    }

    public String getPermissions() {
        return permissions;
    }

    /** An Artemis-style users.properties file ({@code user = password or pbkdf2 hash}), read at the first connection. */
    public void setUsersFile(String usersFile) {
        this.usersFile = usersFile;
        securityPolicy = null;
    }

    public String getUsersFile() {
        return usersFile;
    }

    /** An Artemis-style roles.properties file ({@code role = user1, user2}). */
    public void setRolesFile(String rolesFile) {
        this.rolesFile = rolesFile;
        securityPolicy = null;
    }

    public String getRolesFile() {
        return rolesFile;
    }

    /**
     * A JAAS login configuration entry that checks user names and passwords instead of the
     * configured users; the names of the logged-in subject's other principals are the user's roles.
     */
    public void setJaasLoginEntry(String jaasLoginEntry) {
        this.jaasLoginEntry = jaasLoginEntry;
        securityPolicy = null;
    }

    public String getJaasLoginEntry() {
        return jaasLoginEntry;
    }

    /** Users, roles and permissions as configured now (files read once, until a setter changes them). */
    public io.jaqs.broker.security.SecurityPolicy securityPolicy() {
        io.jaqs.broker.security.SecurityPolicy p = securityPolicy;
        if (p == null) {
            java.util.StringJoiner u = new java.util.StringJoiner(",");
            users.forEach((name, pw) -> u.add(name + ":" + pw));
            p = io.jaqs.broker.security.SecurityPolicy.of(u.toString(), roles, permissions, usersFile, rolesFile, jaasLoginEntry);
            securityPolicy = p;
        }
        return p;
    }

    /** The allowed users, name to password (empty: any credentials are accepted). */
    public Map<String, String> getUsers() {
        return Map.copyOf(users);
    }

    public boolean isAutoCreateQueues() {
        return autoCreateQueues;
    }

    public void setAutoCreateQueues(boolean autoCreateQueues) {
        this.autoCreateQueues = autoCreateQueues;
    }

    /**
     * SQS attributes of a queue that JMS creates on first use (e.g. {@code VisibilityTimeout} →
     * {@code "1"}, {@code RedrivePolicy} → SQS's JSON). A dead-letter queue named by a redrive
     * policy is created with it.
     */
    public void setQueueAttributes(String queueName, Map<String, String> attributes) {
        queueAttributes.put(queueName, new LinkedHashMap<>(attributes));
    }

    public Map<String, String> getQueueAttributes(String queueName) {
        return Map.copyOf(queueAttributes.getOrDefault(queueName, Map.of()));
    }

    /** Every queue given attributes with {@link #setQueueAttributes}, by queue name. */
    public Map<String, Map<String, String>> getQueueAttributes() {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        queueAttributes.forEach((q, a) -> copy.put(q, Map.copyOf(a)));
        return copy;
    }

    /**
     * SQS attributes of the queue behind a named topic subscription (durable, shared or shared
     * durable) when it is created: e.g. {@code VisibilityTimeout} → {@code "60"}, {@code RedrivePolicy}
     * → SQS's JSON naming the subscription's own dead-letter queue, which is then created first (with
     * the attributes {@link #setQueueAttributes} gives it) when auto-create is on. A subscription that
     * already exists keeps the attributes it was created with. A FIFO topic's subscriptions are FIFO
     * queues, so their dead-letter queue must be FIFO too.
     */
    public void setSubscriptionAttributes(String subscriptionName, Map<String, String> sqsAttributes) {
        if (subscriptionName == null || subscriptionName.isEmpty()) {
            throw new IllegalArgumentException("A subscription name must not be empty");
        }
        subscriptionAttributes.put(subscriptionName, new LinkedHashMap<>(sqsAttributes));
    }

    public Map<String, String> getSubscriptionAttributes(String subscriptionName) {
        return Map.copyOf(subscriptionAttributes.getOrDefault(subscriptionName, Map.of()));
    }

    /** Every subscription given attributes with {@link #setSubscriptionAttributes}, by subscription name. */
    public Map<String, Map<String, String>> getSubscriptionAttributes() {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        subscriptionAttributes.forEach((n, a) -> copy.put(n, Map.copyOf(a)));
        return copy;
    }

    Map<String, Map<String, String>> subscriptionAttributes() {
        return subscriptionAttributes;
    }

    public int getPrefetch() {
        return prefetch;
    }

    /** Messages a consumer takes per store call (1–10); they stay invisible to others while held. */
    public void setPrefetch(int prefetch) {
        if (prefetch < 1 || prefetch > 10) {
            throw new IllegalArgumentException("prefetch must be from 1 to 10, got " + prefetch);
        }
        this.prefetch = prefetch;
    }

    public boolean isAsyncAcknowledge() {
        return asyncAcknowledge;
    }

    /**
     * Off (the default): acknowledge() (CLIENT_ACKNOWLEDGE, UNORDERED_ACKNOWLEDGE) and AUTO_ACKNOWLEDGE's
     * acknowledgement return once the delete has committed, so an acknowledged message never comes
     * back. On: they return as soon as the delete is queued for the store (it commits shortly after,
     * sharing commits with other work); if the process dies in that window, or the delete fails
     * (reported to the ExceptionListener), the message is delivered again when its visibility
     * timeout ends: at-least-once, as SQS allows. Closing the session or connection waits for the
     * pending deletes. This is ActiveMQ Artemis's default (blockOnAcknowledge=false). Transacted
     * sessions always wait for their commit.
     */
    public void setAsyncAcknowledge(boolean asyncAcknowledge) {
        this.asyncAcknowledge = asyncAcknowledge;
    }

    public int getRedeliveryDelaySeconds() {
        return redeliveryDelaySeconds;
    }

    /**
     * Seconds a message released by a listener that threw, recover, rollback or consumer close
     * waits before its first redelivery; later ones grow (see {@link #setRedeliveryMultiplier}).
     */
    public void setRedeliveryDelaySeconds(int seconds) {
        new RedeliveryBackoff(seconds, redeliveryMultiplier, maxRedeliveryDelaySeconds); // checks the range
        this.redeliveryDelaySeconds = seconds;
    }

    public double getRedeliveryMultiplier() {
        return redeliveryMultiplier;
    }

    /**
     * Each redelivery of the same message after the first waits this many times longer than the one
     * before (from at least 1 s), up to {@link #setMaxRedeliveryDelaySeconds}; 1.0 to 100.0.
     */
    public void setRedeliveryMultiplier(double multiplier) {
        new RedeliveryBackoff(redeliveryDelaySeconds, multiplier, maxRedeliveryDelaySeconds);
        this.redeliveryMultiplier = multiplier;
    }

    public int getMaxRedeliveryDelaySeconds() {
        return maxRedeliveryDelaySeconds;
    }

    /** The longest wait before a redelivery (0 with a zero redeliveryDelaySeconds: no backoff at all). */
    public void setMaxRedeliveryDelaySeconds(int seconds) {
        new RedeliveryBackoff(redeliveryDelaySeconds, redeliveryMultiplier, seconds);
        this.maxRedeliveryDelaySeconds = seconds;
    }

    /** The redelivery delays of this factory's sessions. */
    public RedeliveryBackoff redeliveryBackoff() {
        return new RedeliveryBackoff(redeliveryDelaySeconds, redeliveryMultiplier, maxRedeliveryDelaySeconds);
    }

    public Integer getVisibilityTimeoutSeconds() {
        return visibilityTimeoutSeconds;
    }

    /** Visibility timeout of the messages this factory's consumers receive (default: the queue's). */
    public void setVisibilityTimeoutSeconds(Integer seconds) {
        if (seconds != null && (seconds < 0 || seconds > io.jaqs.broker.Limits.MAX_VISIBILITY_TIMEOUT.toSeconds())) {
            throw new IllegalArgumentException("visibilityTimeoutSeconds must be from 0 to " + io.jaqs.broker.Limits.MAX_VISIBILITY_TIMEOUT.toSeconds() + ", got " + seconds);
        }
        this.visibilityTimeoutSeconds = seconds;
    }

    public String getFifoGroupId() {
        return fifoGroupId;
    }

    /** MessageGroupId of FIFO sends that carry no JMSXGroupID. */
    public void setFifoGroupId(String fifoGroupId) {
        this.fifoGroupId = fifoGroupId;
    }

    /** Packages (comma-separated prefixes) whose classes ObjectMessage may deserialize, besides java.*. */
    public void setTrustedPackages(String trustedPackages) {
        this.trustedPackages = trustedPackages;
    }

    public String getTrustedPackages() {
        return trustedPackages;
    }

    /** The clock of the broker core this factory opens first (tests pass a {@link io.jaqs.broker.ManualClock}). */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** The broker core behind this factory (its admin API: queue attributes, counts, redrive). */
    public Broker getBroker() throws JMSException {
        return context().broker;
    }

    /** The broker with the facade's state for it, shared by every factory of this store URL. */
    BrokerContext context() throws JMSException {
        try {
            return BrokerRegistry.broker(BrokerSettings.of(url).withCredentials(storeUser, storePassword)
                    .withEncryptionKey(storeEncryptionKey).withDurability(Durability.parse(durability)).withClock(clock));
        } catch (BrokerException | IllegalArgumentException e) {
            throw JmsExceptions.of(e);
        }
    }

    Map<String, Map<String, String>> queueAttributes() {
        return queueAttributes;
    }

    /**
     * Admin view: every topic that has subscriptions, sorted by name, with its subscriptions (oldest
     * first) and their queues' approximate counts, read now from the store. Topics exist only
     * through their subscriptions: a topic nobody subscribes to is not listed.
     */
    public Map<String, List<TopicSubscriptionInfo>> getTopics() throws JMSException {
        return view(null);
    }

    /** Admin view of one topic: its subscriptions (oldest first) with their approximate counts; empty when it has none. */
    public List<TopicSubscriptionInfo> getSubscriptions(String topic) throws JMSException {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("A topic name must not be empty");
        }
        return view(topic).getOrDefault(topic, List.of());
    }

    private Map<String, List<TopicSubscriptionInfo>> view(String topic) throws JMSException {
        BrokerContext context = context();
        Broker broker = context.broker;
        ActiveSubscriptions registry = context.subscriptions;
        Map<String, List<TopicSubscriptionInfo>> topics = new TreeMap<>();
        try {
            for (Subscription s : broker.listSubscriptions(topic)) {
                if (s.queueName() == null) {
                    continue; // its queue was deleted: the next publish removes it
                }
                QueueCounts c;
                try {
                    c = broker.approximateCounts(s.queue());
                } catch (BrokerException e) {
                    if (e.code() != ErrorCode.QUEUE_DOES_NOT_EXIST) {
                        throw e;
                    }
                    continue; // deleted meanwhile
                }
                int active;
                synchronized (registry) {
                    active = registry.consumers(ActiveSubscriptions.key(s));
                }
                topics.computeIfAbsent(s.topic(), t -> new ArrayList<>()).add(new TopicSubscriptionInfo(s.topic(), s.name(), s.kind(),
                        s.clientId(), s.queueName(), s.selector(), s.noLocalPublisher() != null, c.visible(), c.notVisible(),
                        c.delayed(), active));
            }
        } catch (BrokerException e) {
            throw JmsExceptions.of(e);
        }
        return topics;
    }

    // ---- connections

    @Override
    public Connection createConnection() throws JMSException {
        return createConnection(user, password);
    }

    @Override
    public Connection createConnection(String userName, String password) throws JMSException {
        String authenticated = authenticate(userName, password);
        JaqsConnection c = new JaqsConnection(this, context(), clientId, authenticated);
        return c;
    }

    /** The user name once its password was checked; null when no users are configured (nobody is authenticated). */
    String authenticate(String userName, String password) throws JMSSecurityException {
        io.jaqs.broker.security.SecurityPolicy policy;
        try {
            policy = securityPolicy();
        } catch (IllegalArgumentException e) {
            JMSSecurityException j = new JMSSecurityException("The security configuration is invalid: " + e.getMessage());
            j.initCause(e);
            throw j;
        }
        try {
            return policy.authenticate(userName, password, "jms");
        } catch (BrokerException e) {
            JMSSecurityException j = new JMSSecurityException(e.getMessage(), e.code().sqsCode());
            j.initCause(e);
            throw j;
        }
    }

    @Override
    public QueueConnection createQueueConnection() throws JMSException {
        return (QueueConnection) createConnection();
    }

    @Override
    public QueueConnection createQueueConnection(String userName, String password) throws JMSException {
        return (QueueConnection) createConnection(userName, password);
    }

    @Override
    public TopicConnection createTopicConnection() throws JMSException {
        return (TopicConnection) createConnection();
    }

    @Override
    public TopicConnection createTopicConnection(String userName, String password) throws JMSException {
        return (TopicConnection) createConnection(userName, password);
    }

    // ---- simplified API

    @Override
    public JMSContext createContext() {
        return createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password) {
        return createContext(userName, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    @Override
    public JMSContext createContext(String userName, String password, int sessionMode) {
        JaqsJMSContext.checkSessionMode(sessionMode); // before the connection exists: nothing to leak
        try {
            return new JaqsJMSContext((JaqsConnection) createConnection(userName, password), sessionMode, true);
        } catch (JMSException e) {
            throw JmsExceptions.runtime(e);
        }
    }

    @Override
    public JMSContext createContext(int sessionMode) {
        return createContext(user, password, sessionMode);
    }

    /** A JNDI reference that rebuilds this factory's configuration (for binding it in any JNDI service). */
    @Override
    public Reference getReference() {
        return io.jaqs.jms.jndi.FactoryProperties.reference(this);
    }

    /** Configuration as properties (for JNDI references and the resource adapter). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new HashMap<>();
        m.put("url", url);
        m.put("durability", durability);
        m.put("clientID", clientId);
        m.put("autoCreateQueues", autoCreateQueues);
        m.put("prefetch", prefetch);
        m.put("asyncAcknowledge", asyncAcknowledge);
        m.put("queues", List.copyOf(queueAttributes.keySet()));
        m.put("subscriptions", List.copyOf(subscriptionAttributes.keySet()));
        return m;
    }
}
