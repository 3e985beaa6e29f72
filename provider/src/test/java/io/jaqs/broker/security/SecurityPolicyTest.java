package io.jaqs.broker.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core model: patterns, the permission grammar, password hashes, users and roles from text, files and JAAS. */
class SecurityPolicyTest {
    @TempDir
    Path dir;

    @Test
    void patternsFollowArtemisWildcards() {
        assertTrue(DestinationPattern.parse("#").matches("orders"));
        assertTrue(DestinationPattern.parse("#").matches("orders.eu.fr"));
        assertTrue(DestinationPattern.parse("orders.*").matches("orders.eu"));
        assertFalse(DestinationPattern.parse("orders.*").matches("orders.eu.fr"));
        assertFalse(DestinationPattern.parse("orders.*").matches("orders"));
        assertTrue(DestinationPattern.parse("orders.#").matches("orders"));
        assertTrue(DestinationPattern.parse("orders.#").matches("orders.eu.fr"));
        assertTrue(DestinationPattern.parse("*.fifo").matches("orders.fifo"));
        assertTrue(DestinationPattern.parse("orders-*").matches("orders-eu"));
        assertFalse(DestinationPattern.parse("orders-*").matches("ordersx"));
        assertFalse(DestinationPattern.parse("orders").matches("orders2"));
        assertTrue(DestinationPattern.parse("a.#.z").matches("a.b.c.z"));
        assertFalse(DestinationPattern.parse("a.#.z").matches("a.b.c"));
        assertEquals("A destination pattern must not be empty (use # for every destination)",
                assertThrows(IllegalArgumentException.class, () -> DestinationPattern.parse(" ")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DestinationPattern.parse("a..b"));
        assertThrows(IllegalArgumentException.class, () -> DestinationPattern.parse("a#"));
    }

    @Test
    void thePermissionGrammarNamesWhatIsWrong() {
        var list = Permission.parseList("send,consume:orders.*:app; manage:#:admin,ops");
        assertEquals(2, list.size());
        assertEquals(Set.of(Action.SEND, Action.CONSUME), list.get(0).actions());
        assertEquals(Set.of("admin", "ops"), list.get(1).roles());
        assertEquals("permission 'send:orders' must be <actions>:<destination pattern>:<roles>, e.g. send,consume:orders.*:app",
                assertThrows(IllegalArgumentException.class, () -> Permission.parseList("send:orders")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Permission.parseList("publish:#:app")).getMessage()
                .startsWith("permission 'publish:#:app': Unknown action 'publish'; the actions are send, consume, browse, createQueue,"));
        assertEquals("permission ':#:app' names no action",
                assertThrows(IllegalArgumentException.class, () -> Permission.parseList(":#:app")).getMessage());
        assertEquals(Action.CREATE_DURABLE_SUBSCRIPTION, Action.parse("createdurablesubscription"));
    }

    @Test
    void hashesAreSaltedCarryTheirIterationsAndVerify() {
        String h1 = PasswordHash.hash("secret".toCharArray(), 2_000);
        String h2 = PasswordHash.hash("secret".toCharArray(), 2_000);
        assertNotEquals(h1, h2, "salted");
        assertTrue(h1.startsWith("pbkdf2:2000:"), h1);
        assertTrue(PasswordHash.parse(h1).verify("secret".toCharArray()));
        assertFalse(PasswordHash.parse(h1).verify("Secret".toCharArray()));
        assertFalse(PasswordHash.parse(h1).verify(null));
        assertEquals("A password hash needs at least " + Limits.MIN_PASSWORD_HASH_ITERATIONS + " iterations, got 10",
                assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2:10:AAAA:AAAA")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2:2000:%%%:AAAA"));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse("pbkdf2:2000:AAAA"));
    }

    @Test
    void wrongPasswordAndUnknownUserFailAlike() {
        SecurityPolicy p = SecurityPolicy.of("alice:" + PasswordHash.hash("secret".toCharArray(), 2_000) + ",bob:plain", null, null,
                null, null, null);
        assertEquals("alice", p.authenticate("alice", "secret", "test"));
        assertEquals("bob", p.authenticate("bob", "plain", "test"));
        BrokerException wrong = assertThrows(BrokerException.class, () -> p.authenticate("alice", "guess", "test"));
        BrokerException unknown = assertThrows(BrokerException.class, () -> p.authenticate("mallory", "guess", "test"));
        assertEquals(ErrorCode.ACCESS_DENIED, wrong.code());
        assertEquals(wrong.code(), unknown.code());
        assertEquals("Authentication failed for user 'alice'", wrong.getMessage());
        assertEquals("Authentication failed for user 'mallory'", unknown.getMessage());
        assertEquals(wrong.getMessage().replace("alice", "X"), unknown.getMessage().replace("mallory", "X"));
    }

    @Test
    void noSecurityConfiguredIsOpen() {
        SecurityPolicy p = SecurityPolicy.of(null, " ", "", null, null, null);
        assertSame(SecurityPolicy.OPEN, p);
        assertEquals(null, p.authenticate("anyone", "anything", "test"));
        assertTrue(p.allows(null, Action.MANAGE, "orders"));
        SecurityPolicy usersOnly = SecurityPolicy.of("alice:pw", null, null, null, null, null);
        assertTrue(usersOnly.allows("alice", Action.DELETE_QUEUE, "orders"), "users without permissions: Jaqs as before");
        assertFalse(usersOnly.authorizes());
    }

    @Test
    void permissionsWithoutUsersAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SecurityPolicy.of(null, null, "send:#:app", null, null, null))
                .getMessage().startsWith("permissions are configured but no users"));
    }

    @Test
    void artemisStyleFilesGiveUsersAndRoles() throws Exception {
        Path users = dir.resolve("users.properties");
        Path roles = dir.resolve("roles.properties");
        Files.writeString(users, "alice = " + PasswordHash.hash("secret".toCharArray(), 2_000) + "\nbob = plain\n");
        Files.writeString(roles, "app = alice, bob\nadmin = bob\n");
        SecurityPolicy p = SecurityPolicy.of(null, null, "send:orders:app; manage:#:admin", users.toString(), roles.toString(), null);
        assertEquals("alice", p.authenticate("alice", "secret", "test"));
        assertEquals(Set.of("app", "admin"), p.roles("bob"));
        assertTrue(p.allows("alice", Action.SEND, "orders"));
        assertFalse(p.allows("alice", Action.MANAGE, "orders"));
        assertTrue(p.allows("bob", Action.MANAGE, "orders"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SecurityPolicy.of(null, null, null, dir.resolve("none").toString(), null, null)).getMessage()
                .startsWith("usersFile " + dir.resolve("none") + " cannot be read"));
    }

    @Test
    void aJaasEntryAuthenticatesAndGivesRoles() {
        javax.security.auth.login.Configuration previous = javax.security.auth.login.Configuration.getConfiguration();
        javax.security.auth.login.Configuration.setConfiguration(TestLoginModule.configuration("jaqs-test"));
        try {
            SecurityPolicy p = SecurityPolicy.of(null, null, "send,consume:orders:app", null, null, "jaqs-test");
            assertEquals("carol", p.authenticate("carol", "carol-pw", "test"));
            assertTrue(p.allows("carol", Action.SEND, "orders"));
            assertFalse(p.allows("carol", Action.MANAGE, "orders"));
            BrokerException e = assertThrows(BrokerException.class, () -> p.authenticate("carol", "nope", "test"));
            assertEquals("Authentication failed for user 'carol'", e.getMessage());
        } finally {
            javax.security.auth.login.Configuration.setConfiguration(previous);
        }
    }

    @Test
    void temporaryDestinationsAreTheirOwnersAlone() {
        SecurityPolicy p = SecurityPolicy.of("a:1,b:2", "all:a,b", "send,consume,createQueue,deleteQueue:#:all", null, null, null);
        assertTrue(p.claimTemporary("jaqs-tmp-1", "a"));
        assertFalse(p.claimTemporary("jaqs-tmp-1", "b"));
        assertTrue(p.allows("a", Action.SEND, "jaqs-tmp-1"));
        assertFalse(p.allows("b", Action.SEND, "jaqs-tmp-1"));
        BrokerException e = assertThrows(BrokerException.class, () -> p.check("b", Action.SEND, "jaqs-tmp-1"));
        assertEquals("User 'b' may not send on 'jaqs-tmp-1'", e.getMessage());
        assertEquals(Map.of(), Map.of());
    }
}
