package io.jaqs.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jaqs.broker.security.PasswordHash;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Passwords configured as PBKDF2 hashes (no plain text anywhere): the right password connects; a
 * wrong password and an unknown user are refused by the same exception with the same message (the
 * user name aside). Timing: bench/run --login-timing measures both over 1,000 tries.
 */
class HashedLoginTest extends JmsTestSupport {
    @Test
    void aHashedPasswordLogsIn() throws Exception {
        String hash = printedHash("s3cret!");
        factory.setUsers("alice:" + hash);
        var c = track(factory.createConnection("alice", "s3cret!"));
        c.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
        factory.createContext("alice", "s3cret!").close();
        assertEquals("alice:" + hash, FactoryPropertiesAccess.users(factory), "the configuration keeps the hash, never the password");
    }

    @Test
    void wrongPasswordAndUnknownUserAreRefusedTheSameWay() throws Exception {
        factory.setUsers("alice:" + PasswordHash.hash("s3cret!".toCharArray(), 10_000));
        JMSSecurityException wrong = assertThrows(JMSSecurityException.class, () -> factory.createConnection("alice", "guess"));
        JMSSecurityException unknown = assertThrows(JMSSecurityException.class, () -> factory.createConnection("alicf", "guess"));
        assertSame(wrong.getClass(), unknown.getClass());
        assertEquals("Authentication failed for user 'alice'", wrong.getMessage());
        assertEquals("Authentication failed for user 'alicf'", unknown.getMessage());
        assertEquals(wrong.getErrorCode(), unknown.getErrorCode());
        JMSSecurityRuntimeException wrongCtx = assertThrows(JMSSecurityRuntimeException.class, () -> factory.createContext("alice", "guess"));
        JMSSecurityRuntimeException unknownCtx = assertThrows(JMSSecurityRuntimeException.class, () -> factory.createContext("alicf", "guess"));
        assertEquals(wrongCtx.getMessage().replace("alice", "U"), unknownCtx.getMessage().replace("alicf", "U"));
    }

    @Test
    void anArtemisStyleUsersFileWithHashes() throws Exception {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "alice = " + PasswordHash.hash("pw1".toCharArray(), 10_000) + "\n");
        factory.setUsersFile(users.toString());
        track(factory.createConnection("alice", "pw1"));
        assertThrows(JMSSecurityException.class, () -> factory.createConnection("alice", "pw2"));
    }

    @Test
    void aMalformedHashIsRefusedWhenConfigured() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> factory.setUsers("alice:pbkdf2:12:AAAA:AAAA"));
        assertEquals("A password hash needs at least 1000 iterations, got 12", e.getMessage());
    }

    /** A JAAS login entry checks the passwords and its principals are the roles the permissions name (here "app"). */
    @Test
    void aJaasLoginEntryAuthenticatesAndGivesRoles() throws Exception {
        javax.security.auth.login.Configuration previous = javax.security.auth.login.Configuration.getConfiguration();
        javax.security.auth.login.Configuration.setConfiguration(io.jaqs.broker.security.TestLoginModule.configuration("jaqs-jms"));
        try {
            factory.setJaasLoginEntry("jaqs-jms");
            factory.setPermissions("send,createQueue:orders:app");
            var c = track(factory.createConnection("carol", "carol-pw"));
            Session s = c.createSession();
            s.createProducer(s.createQueue("orders")).send(s.createTextMessage("by carol"));
            JMSSecurityException denied = assertThrows(JMSSecurityException.class,
                    () -> s.createProducer(s.createQueue("payroll")).send(s.createTextMessage("x")));
            assertEquals("User 'carol' may not createQueue on 'payroll'", denied.getMessage());
            JMSSecurityException refused = assertThrows(JMSSecurityException.class, () -> factory.createConnection("carol", "nope"));
            assertEquals("Authentication failed for user 'carol'", refused.getMessage());
            assertEquals(1, factory.getBroker().approximateCounts("orders").visible());
        } finally {
            javax.security.auth.login.Configuration.setConfiguration(previous);
        }
    }

    /** The hash the HashPassword command prints for a password on its standard input. */
    static String printedHash(String password) throws Exception {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            io.jaqs.broker.security.HashPassword.main(new String[] {"--iterations", "10000"});
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.UTF_8).trim();
    }

    /** The users property as JNDI references carry it. */
    static final class FactoryPropertiesAccess {
        static String users(JaqsConnectionFactory f) {
            return f.getReference().get("users").getContent().toString();
        }
    }
}
