package io.jaqs.ra;

import io.jaqs.jms.JaqsXAConnectionFactory;
import java.util.Objects;

/**
 * The settings shared by {@link JaqsResourceAdapter} and {@link JaqsManagedConnectionFactory}: the
 * same names and meanings as {@link io.jaqs.jms.JaqsConnectionFactory}'s. Every one is optional; a
 * managed connection factory's unset settings are taken from its resource adapter's, and those not
 * set there either keep the provider's defaults.
 */
public abstract class JaqsConfig implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private String url;
    private String storeUser;
    private String storePassword;
    private String storeEncryptionKey;
    private String durability;
    private String user;
    private String password;
    private String users;
    private String roles;
    private String permissions;
    private String usersFile;
    private String rolesFile;
    private String jaasLoginEntry;
    private String clientId;
    private Integer prefetch;
    private Integer redeliveryDelaySeconds;
    private Double redeliveryMultiplier;
    private Integer maxRedeliveryDelaySeconds;
    private Integer visibilityTimeoutSeconds;
    private Boolean autoCreateQueues;
    private String fifoGroupId;
    private String trustedPackages;

    /** The store's JDBC URL ({@code jdbc:h2:file:...}, {@code jdbc:h2:mem:...}, {@code jdbc:postgresql://...}). */
    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = blankToNull(url);
    }

    public String getStoreUser() {
        return storeUser;
    }

    public void setStoreUser(String storeUser) {
        this.storeUser = blankToNull(storeUser);
    }

    public String getStorePassword() {
        return storePassword;
    }

    /** The store database's password: {@code env:NAME}, {@code file:/path}, {@code plain:text} or the text itself. */
    public void setStorePassword(String storePassword) {
        this.storePassword = storePassword;
    }

    /** Encrypts an H2 file store at rest ({@code CIPHER=AES}) with this key; same forms as the store password. */
    public String getStoreEncryptionKey() {
        return storeEncryptionKey;
    }

    public void setStoreEncryptionKey(String storeEncryptionKey) {
        this.storeEncryptionKey = blankToNull(storeEncryptionKey);
    }

    /** {@code process} or {@code disk}. */
    public String getDurability() {
        return durability;
    }

    public void setDurability(String durability) {
        this.durability = blankToNull(durability);
    }

    /** Default JMS user of connections created without credentials. */
    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = blankToNull(user);
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** Allowed users as {@code name:password,name2:pbkdf2:...} (unset: any credentials are accepted). */
    public String getUsers() {
        return users;
    }

    public void setUsers(String users) {
        this.users = blankToNull(users);
    }

    /** Roles of users: {@code role:user1,user2; role2:user3} (see the README's Security section). */
    public String getRoles() {
        return roles;
    }

    public void setRoles(String roles) {
        this.roles = blankToNull(roles);
    }

    /** What roles may do on which destinations: {@code actions:pattern:roles; ...} (unset: everything). */
    public String getPermissions() {
        return permissions;
    }

    public void setPermissions(String permissions) {
        this.permissions = blankToNull(permissions);
    }

    /** An Artemis-style users.properties file ({@code user = password or pbkdf2 hash}). */
    public String getUsersFile() {
        return usersFile;
    }

    public void setUsersFile(String usersFile) {
        this.usersFile = blankToNull(usersFile);
    }

    /** An Artemis-style roles.properties file ({@code role = user1, user2}). */
    public String getRolesFile() {
        return rolesFile;
    }

    public void setRolesFile(String rolesFile) {
        this.rolesFile = blankToNull(rolesFile);
    }

    /** A JAAS login configuration entry that checks passwords instead of {@code users}; its principals are roles. */
    public String getJaasLoginEntry() {
        return jaasLoginEntry;
    }

    public void setJaasLoginEntry(String jaasLoginEntry) {
        this.jaasLoginEntry = blankToNull(jaasLoginEntry);
    }

    /** Client id of the connections (outbound: then one connection at a time can be open). */
    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = blankToNull(clientId);
    }

    public Integer getPrefetch() {
        return prefetch;
    }

    public void setPrefetch(Integer prefetch) {
        this.prefetch = prefetch;
    }

    public Integer getRedeliveryDelaySeconds() {
        return redeliveryDelaySeconds;
    }

    public void setRedeliveryDelaySeconds(Integer redeliveryDelaySeconds) {
        this.redeliveryDelaySeconds = redeliveryDelaySeconds;
    }

    public Double getRedeliveryMultiplier() {
        return redeliveryMultiplier;
    }

    public void setRedeliveryMultiplier(Double redeliveryMultiplier) {
        this.redeliveryMultiplier = redeliveryMultiplier;
    }

    public Integer getMaxRedeliveryDelaySeconds() {
        return maxRedeliveryDelaySeconds;
    }

    public void setMaxRedeliveryDelaySeconds(Integer maxRedeliveryDelaySeconds) {
        this.maxRedeliveryDelaySeconds = maxRedeliveryDelaySeconds;
    }

    public Integer getVisibilityTimeoutSeconds() {
        return visibilityTimeoutSeconds;
    }

    public void setVisibilityTimeoutSeconds(Integer visibilityTimeoutSeconds) {
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
    }

    public Boolean getAutoCreateQueues() {
        return autoCreateQueues;
    }

    public void setAutoCreateQueues(Boolean autoCreateQueues) {
        this.autoCreateQueues = autoCreateQueues;
    }

    public String getFifoGroupId() {
        return fifoGroupId;
    }

    public void setFifoGroupId(String fifoGroupId) {
        this.fifoGroupId = blankToNull(fifoGroupId);
    }

    public String getTrustedPackages() {
        return trustedPackages;
    }

    public void setTrustedPackages(String trustedPackages) {
        this.trustedPackages = blankToNull(trustedPackages);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static <T> T pick(T own, T inherited) {
        return own != null ? own : inherited;
    }

    /**
     * A provider factory with these settings, unset ones taken from {@code parent} (may be null).
     * Invalid values fail here with the provider's message naming the setting.
     */
    JaqsXAConnectionFactory toFactory(JaqsConfig parent) {
        JaqsConfig p = parent != null ? parent : new JaqsConfig() {
        };
        JaqsXAConnectionFactory f = new JaqsXAConnectionFactory();
        String u = pick(url, p.url);
        if (u != null) {
            f.setUrl(u);
        }
        f.setStoreUser(pick(storeUser, p.storeUser));
        f.setStorePassword(pick(storePassword, p.storePassword));
        f.setStoreEncryptionKey(pick(storeEncryptionKey, p.storeEncryptionKey));
        String d = pick(durability, p.durability);
        if (d != null) {
            f.setDurability(d);
        }
        f.setUser(pick(user, p.user));
        f.setPassword(pick(password, p.password));
        f.setUsers(pick(users, p.users));
        f.setRoles(pick(roles, p.roles));
        f.setPermissions(pick(permissions, p.permissions));
        f.setUsersFile(pick(usersFile, p.usersFile));
        f.setRolesFile(pick(rolesFile, p.rolesFile));
        f.setJaasLoginEntry(pick(jaasLoginEntry, p.jaasLoginEntry));
        f.setClientID(pick(clientId, p.clientId));
        Integer pf = pick(prefetch, p.prefetch);
        if (pf != null) {
            f.setPrefetch(pf);
        }
        Integer rd = pick(redeliveryDelaySeconds, p.redeliveryDelaySeconds);
        if (rd != null) {
            f.setRedeliveryDelaySeconds(rd);
        }
        Double rm = pick(redeliveryMultiplier, p.redeliveryMultiplier);
        if (rm != null) {
            f.setRedeliveryMultiplier(rm);
        }
        Integer mrd = pick(maxRedeliveryDelaySeconds, p.maxRedeliveryDelaySeconds);
        if (mrd != null) {
            f.setMaxRedeliveryDelaySeconds(mrd);
        }
        f.setVisibilityTimeoutSeconds(pick(visibilityTimeoutSeconds, p.visibilityTimeoutSeconds));
        Boolean ac = pick(autoCreateQueues, p.autoCreateQueues);
        if (ac != null) {
            f.setAutoCreateQueues(ac);
        }
        String g = pick(fifoGroupId, p.fifoGroupId);
        if (g != null) {
            f.setFifoGroupId(g);
        }
        f.setTrustedPackages(pick(trustedPackages, p.trustedPackages));
        return f;
    }

    boolean sameSettings(JaqsConfig o) {
        return Objects.equals(url, o.url) && Objects.equals(storeUser, o.storeUser) && Objects.equals(storePassword, o.storePassword)
                && Objects.equals(storeEncryptionKey, o.storeEncryptionKey)
                && Objects.equals(durability, o.durability) && Objects.equals(user, o.user) && Objects.equals(password, o.password)
                && Objects.equals(users, o.users) && Objects.equals(roles, o.roles) && Objects.equals(permissions, o.permissions)
                && Objects.equals(usersFile, o.usersFile) && Objects.equals(rolesFile, o.rolesFile)
                && Objects.equals(jaasLoginEntry, o.jaasLoginEntry) && Objects.equals(clientId, o.clientId) && Objects.equals(prefetch, o.prefetch)
                && Objects.equals(redeliveryDelaySeconds, o.redeliveryDelaySeconds)
                && Objects.equals(redeliveryMultiplier, o.redeliveryMultiplier)
                && Objects.equals(maxRedeliveryDelaySeconds, o.maxRedeliveryDelaySeconds)
                && Objects.equals(visibilityTimeoutSeconds, o.visibilityTimeoutSeconds)
                && Objects.equals(autoCreateQueues, o.autoCreateQueues) && Objects.equals(fifoGroupId, o.fifoGroupId)
                && Objects.equals(trustedPackages, o.trustedPackages);
    }

    int settingsHash() {
        return Objects.hash(url, storeUser, durability, user, users, roles, permissions, usersFile, rolesFile, jaasLoginEntry, clientId, prefetch, redeliveryDelaySeconds,
                redeliveryMultiplier, maxRedeliveryDelaySeconds, visibilityTimeoutSeconds, autoCreateQueues, fifoGroupId, trustedPackages);
    }
}
