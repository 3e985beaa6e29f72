package io.jaqs.broker.security;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Limits;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Who may connect (users and their passwords, plain or {@link PasswordHash hashed}, or a JAAS login
 * configuration entry), which roles each user has, and what each role may do on which destinations
 * ({@link Permission}). Built from the places users configure Jaqs: the text properties
 * {@code users}, {@code roles}, {@code permissions}, an Artemis-style pair of files
 * ({@code users.properties}: {@code user = password or hash}; {@code roles.properties}:
 * {@code role = user1, user2}), or a JAAS entry (the subject's principals' names are its roles).
 *
 * <p>With no users and no JAAS entry anyone connects; with no permissions every connected user may
 * do everything (Jaqs before issue #20). Once permissions are configured, a user may do only what
 * they grant.
 */
public final class SecurityPolicy {
    /** No users, no permissions: anyone may do anything. */
    public static final SecurityPolicy OPEN = new SecurityPolicy(Map.of(), Map.of(), List.of(), null, false);

    /** Temporary destinations are named with this prefix (the JMS facade's jaqs-tmp-…, jaqs-tmp-topic-…). */
    public static final String TEMPORARY_PREFIX = "jaqs-tmp-";

    private final Map<String, String> users;
    private final Map<String, Set<String>> rolesByUser;
    private final List<Permission> permissions;
    private final String jaasEntry;
    /** Roles of users a JAAS login admitted (the subject's principals), by user. */
    private final Map<String, Set<String>> jaasRoles = new ConcurrentHashMap<>();
    /** The user owning each temporary destination in use. */
    private final Map<String, String> temporaryOwners = new ConcurrentHashMap<>();
    /** The source queue of each move task started through this policy, by task handle. */
    final Map<String, String> moveTaskSources = new ConcurrentHashMap<>();
    /** Verified for an unknown user so that it costs what a known user's wrong password costs. */
    private final PasswordHash dummy;

    private SecurityPolicy(Map<String, String> users, Map<String, Set<String>> rolesByUser, List<Permission> permissions,
                           String jaasEntry, boolean authenticatedElsewhere) {
        this.users = Map.copyOf(users);
        Map<String, Set<String>> r = new LinkedHashMap<>();
        rolesByUser.forEach((u, roles) -> r.put(u, Set.copyOf(roles)));
        this.rolesByUser = Collections.unmodifiableMap(r);
        this.permissions = List.copyOf(permissions);
        this.jaasEntry = jaasEntry;
        int iterations = 0;
        for (String pw : this.users.values()) {
            if (PasswordHash.isHash(pw)) {
                iterations = Math.max(iterations, PasswordHash.parse(pw).iterations()); // fails early on a bad hash
            }
        }
        this.dummy = iterations == 0 ? null : PasswordHash.parse(PasswordHash.hash("jaqs-no-such-user".toCharArray(), iterations));
        if (!authenticatedElsewhere && !this.permissions.isEmpty() && this.users.isEmpty() && jaasEntry == null) {
            throw new IllegalArgumentException("permissions are configured but no users (users, usersFile) nor a JAAS entry"
                    + " (jaasLoginEntry): permissions are granted to the roles of authenticated users");
        }
    }

    /**
     * A policy from the text forms (each may be null or blank).
     *
     * @param users {@code name:password,name2:pbkdf2:…} (a password may hold ':' but not ',')
     * @param roles {@code role:user1,user2; role2:user3}
     * @param permissions {@code actions:pattern:roles; …} as {@link Permission} says
     * @param usersFile a users.properties file ({@code name = password or hash}), added to {@code users}
     * @param rolesFile a roles.properties file ({@code role = user1, user2}), added to {@code roles}
     * @param jaasEntry the JAAS login configuration entry that authenticates instead of the users
     */
    public static SecurityPolicy of(String users, String roles, String permissions, String usersFile, String rolesFile,
                                    String jaasEntry) {
        Map<String, String> u = parseUsers(users);
        Map<String, Set<String>> r = parseRoles(roles);
        if (usersFile != null && !usersFile.isBlank()) {
            load(usersFile, "usersFile").forEach((name, pw) -> u.put(name, pw));
        }
        if (rolesFile != null && !rolesFile.isBlank()) {
            load(rolesFile, "rolesFile").forEach((role, members) -> addRole(r, role, members));
        }
        List<Permission> p = Permission.parseList(permissions);
        String jaas = jaasEntry == null || jaasEntry.isBlank() ? null : jaasEntry.trim();
        if (u.isEmpty() && r.isEmpty() && p.isEmpty() && jaas == null) {
            return OPEN;
        }
        return new SecurityPolicy(u, r, p, jaas, false);
    }

    /**
     * Roles and permissions for callers a front end authenticates itself (the SQS endpoint: the
     * access key id of a valid signature is the user): {@link #authenticate} is not used.
     */
    public static SecurityPolicy authorizationOnly(String roles, String permissions, String rolesFile) {
        Map<String, Set<String>> r = parseRoles(roles);
        if (rolesFile != null && !rolesFile.isBlank()) {
            load(rolesFile, "rolesFile").forEach((role, members) -> addRole(r, role, members));
        }
        List<Permission> p = Permission.parseList(permissions);
        return r.isEmpty() && p.isEmpty() ? OPEN : new SecurityPolicy(Map.of(), r, p, null, true);
    }

    public static Map<String, String> parseUsers(String list) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (list != null && !list.isBlank()) {
            for (String entry : list.split(",")) {
                String e = entry.trim();
                int colon = e.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("users must be name:password pairs separated by commas; '"
                            + (colon < 0 ? e : e.substring(0, colon) + ":…") + "' has no name:password");
                }
                parsed.put(e.substring(0, colon), e.substring(colon + 1));
            }
        }
        return parsed;
    }

    /** {@code role:user1,user2; role2:user3} to the roles of each user. */
    public static Map<String, Set<String>> parseRoles(String text) {
        Map<String, Set<String>> byUser = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return byUser;
        }
        for (String raw : text.split("[;\\n]")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon <= 0 || entry.indexOf(':', colon + 1) >= 0) {
                throw new IllegalArgumentException("roles entry '" + entry + "' must be <role>:<user>,<user>, e.g. app:alice,bob");
            }
            addRole(byUser, entry.substring(0, colon).trim(), entry.substring(colon + 1));
        }
        return byUser;
    }

    private static void addRole(Map<String, Set<String>> byUser, String role, String members) {
        for (String m : members.split(",")) {
            if (!m.isBlank()) {
                byUser.computeIfAbsent(m.trim(), x -> new LinkedHashSet<>()).add(role.trim());
            }
        }
    }

    private static Map<String, String> load(String file, String property) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(property + " " + file + " cannot be read: " + e);
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames()) {
            m.put(name, p.getProperty(name).trim());
        }
        return m;
    }

    /** Whether connecting needs a user name and password (users or a JAAS entry are configured). */
    public boolean authenticates() {
        return !users.isEmpty() || jaasEntry != null;
    }

    /** Whether permissions are enforced (any are configured). */
    public boolean authorizes() {
        return !permissions.isEmpty();
    }

    public List<Permission> permissions() {
        return permissions;
    }

    /**
     * Checks a user's password. A wrong password and an unknown user fail alike: same exception,
     * same message, and (with hashed passwords) the same PBKDF2 work.
     *
     * @param frontEnd named in the audit log (jms, sqs, ra)
     * @return the user, or null when no authentication is configured (anyone may connect)
     * @throws BrokerException {@link ErrorCode#ACCESS_DENIED} "Authentication failed for user '…'"
     */
    public String authenticate(String user, String password, String frontEnd) {
        if (!authenticates()) {
            return null;
        }
        boolean ok = jaasEntry != null ? jaasLogin(user, password) : checkPassword(user, password);
        if (!ok) {
            Audit.authenticationFailed(user, frontEnd);
            throw new BrokerException(ErrorCode.ACCESS_DENIED, "Authentication failed for user '" + user + "'");
        }
        return user;
    }

    private boolean checkPassword(String user, String password) {
        String expected = user == null ? null : users.get(user);
        if (expected == null) {
            if (dummy != null) {
                dummy.verify(password == null ? new char[0] : password.toCharArray());
            } else {
                PasswordHash.plainEquals("jaqs-no-such-user", password);
            }
            return false;
        }
        if (PasswordHash.isHash(expected)) {
            return PasswordHash.parse(expected).verify(password == null ? new char[0] : password.toCharArray());
        }
        return PasswordHash.plainEquals(expected, password);
    }

    private boolean jaasLogin(String user, String password) {
        try {
            LoginContext login = new LoginContext(jaasEntry, callbacks -> {
                for (var c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName(user);
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword(password == null ? new char[0] : password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(c);
                    }
                }
            });
            login.login();
            Set<String> roles = new LinkedHashSet<>();
            for (Principal p : login.getSubject().getPrincipals()) {
                if (!p.getName().equals(user)) {
                    roles.add(p.getName());
                }
            }
            jaasRoles.put(user, roles);
            return true;
        } catch (LoginException | SecurityException e) {
            return false;
        }
    }

    /** The roles of a user: configured ones plus those its last JAAS login gave. */
    public Set<String> roles(String user) {
        Set<String> r = new LinkedHashSet<>(rolesByUser.getOrDefault(user, Set.of()));
        r.addAll(jaasRoles.getOrDefault(user, Set.of()));
        return r;
    }

    /**
     * Whether the user may do the action on the destination. A temporary destination is its owner's
     * alone, whatever the permissions; with no permissions configured everything is allowed.
     */
    public boolean allows(String user, Action action, String destination) {
        if (!authorizes()) {
            return true;
        }
        if (destination != null && destination.startsWith(TEMPORARY_PREFIX)) {
            String owner = temporaryOwners.get(destination);
            return owner != null ? owner.equals(user == null ? "" : user) : action == Action.CREATE_QUEUE;
        }
        Set<String> roles = roles(user);
        for (Permission p : permissions) {
            if (p.grants(roles, action, destination)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a grant of the user's roles gives the action on every destination ({@code #}). */
    boolean allowsEverywhere(String user, Action action) {
        if (!authorizes()) {
            return true;
        }
        Set<String> roles = roles(user);
        for (Permission p : permissions) {
            if (p.actions().contains(action) && p.pattern().matchesEverything() && !Collections.disjoint(p.roles(), roles)) {
                return true;
            }
        }
        return false;
    }

    /** Throws {@link ErrorCode#ACCESS_DENIED} naming user, action and destination (and audits it) unless allowed. */
    public void check(String user, Action action, String destination) {
        if (!allows(user, action, destination)) {
            throw denied(user, action, destination);
        }
    }

    static BrokerException denied(String user, Action action, String destination) {
        Audit.denied(user, action, destination);
        return new BrokerException(ErrorCode.ACCESS_DENIED, "User '" + user + "' may not " + action.artemisName() + " on '"
                + destination + "'");
    }

    /** Records that a temporary destination belongs to a user (its creating connection's); false if another owns it. */
    public boolean claimTemporary(String name, String user) {
        String owner = temporaryOwners.putIfAbsent(name, user == null ? "" : user);
        return owner == null || owner.equals(user == null ? "" : user);
    }

    public void releaseTemporary(String name) {
        temporaryOwners.remove(name);
    }

    /** The broker as this user sees it: every call checked against the permissions (the broker itself when none). */
    public Broker forUser(Broker broker, String user) {
        return authorizes() ? new AuthorizingBroker(broker, this, user) : broker;
    }

    /** Users with a configured password, for describing the configuration (the passwords as configured). */
    public Map<String, String> users() {
        return users;
    }

    static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        Collections.sort(l);
        return l;
    }

    /** The default iterations a new hash gets (for the README and the command). */
    public static int defaultIterations() {
        return Limits.PASSWORD_HASH_ITERATIONS;
    }
}
