package io.jaqs.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.jms.BrokerRegistry;
import io.jaqs.jms.JaqsConnectionFactory;
import io.jaqs.jms.JaqsXAConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.Queue;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.SecurityException;
import jakarta.resource.spi.security.GenericCredential;
import jakarta.resource.spi.security.PasswordCredential;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container-managed sign-on where the application server passes the authenticated caller (a Subject
 * with one principal and no PasswordCredential): the managed connection acts as that user without a
 * password, with that user's permissions. Driven with real Subjects on a real H2 store with users,
 * roles and permissions: alice may send to {@code orders}, bob may consume it.
 */
class ContainerCallerTest {
    @TempDir
    Path dir;
    String url;
    JaqsManagedConnectionFactory mcf;
    Broker raw;

    record User(String getName) implements Principal {
    }

    @BeforeEach
    void setUp() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
        mcf = new JaqsManagedConnectionFactory();
        mcf.setUrl(url);
        mcf.setUsers("alice:alice-pw,bob:bob-pw");
        mcf.setRoles("senders:alice; readers:bob");
        mcf.setPermissions("send:orders:senders; consume:orders:readers");
        raw = new JaqsConnectionFactory(url).getBroker(); // the unchecked core, for setting up and looking
        raw.createQueue("orders", Map.of());
    }

    @AfterEach
    void tearDown() {
        BrokerRegistry.shutdown(url);
    }

    static Subject caller(String... names) {
        Subject s = new Subject();
        for (String n : names) {
            s.getPrincipals().add(new User(n));
        }
        return s;
    }

    private JMSContext handle(ManagedConnection mc, Subject subject) throws Exception {
        return (JMSContext) mc.getConnection(subject, null);
    }

    @Test
    void theCallerPrincipalActsAsThatUserWithItsPermissions() throws Exception {
        Subject alice = caller("alice");
        ManagedConnection mc = mcf.createManagedConnection(alice, null);
        try {
            assertEquals("alice", mc.getMetaData().getUserName());
            JMSContext ctx = handle(mc, alice);
            Queue orders = ctx.createQueue("orders");
            ctx.createProducer().send(orders, "from alice");
            assertEquals(1, raw.approximateCounts("orders").visible());
            JMSSecurityRuntimeException e = assertThrows(JMSSecurityRuntimeException.class,
                    () -> ctx.createConsumer(orders).receiveNoWait());
            assertEquals("User 'alice' may not consume on 'orders'", e.getMessage());
            assertEquals(1, raw.approximateCounts("orders").visible(), "the denied receive took nothing");
            ctx.close();
        } finally {
            mc.destroy();
        }

        Subject bob = caller("bob");
        ManagedConnection mb = mcf.createManagedConnection(bob, null);
        try {
            JMSContext ctx = handle(mb, bob);
            Queue orders = ctx.createQueue("orders");
            JMSSecurityRuntimeException e = assertThrows(JMSSecurityRuntimeException.class,
                    () -> ctx.createProducer().send(orders, "from bob"));
            assertEquals("User 'bob' may not send on 'orders'", e.getMessage());
            assertEquals(1, raw.approximateCounts("orders").visible(), "the denied send added nothing");
            assertEquals("from alice", ctx.createConsumer(orders).receiveBody(String.class, 10_000));
            ctx.close();
        } finally {
            mb.destroy();
        }
    }

    @Test
    void aCallerUnknownToJaqsHasNoRolesAndMayDoNothing() throws Exception {
        Subject mallory = caller("mallory");
        ManagedConnection mc = mcf.createManagedConnection(mallory, null);
        try {
            JMSContext ctx = handle(mc, mallory);
            JMSSecurityRuntimeException e = assertThrows(JMSSecurityRuntimeException.class,
                    () -> ctx.createProducer().send(ctx.createQueue("orders"), "x"));
            assertEquals("User 'mallory' may not send on 'orders'", e.getMessage());
            assertEquals(0, raw.approximateCounts("orders").visible());
        } finally {
            mc.destroy();
        }
    }

    @Test
    void aPasswordCredentialIsStillCheckedAndWinsOverThePrincipal() throws Exception {
        Subject wrong = caller("alice");
        PasswordCredential pc = new PasswordCredential("alice", "not-her-password".toCharArray());
        pc.setManagedConnectionFactory(mcf);
        wrong.getPrivateCredentials().add(pc);
        SecurityException e = assertThrows(SecurityException.class, () -> mcf.createManagedConnection(wrong, null));
        assertEquals("Authentication failed for user 'alice'", e.getMessage());
    }

    @Test
    void subjectsThatNameNoSingleUserAreRefused() {
        SecurityException two = assertThrows(SecurityException.class, () -> mcf.createManagedConnection(caller("alice", "admins"), null));
        assertEquals("The container's Subject has 2 principals: Jaqs needs a PasswordCredential for its connection factory or exactly"
                + " one principal (the authenticated caller) to know which user to act as", two.getMessage());
        Subject generic = new Subject();
        generic.getPrivateCredentials().add(new GenericCredential() {
            @Override
            public String getName() {
                return "alice@EXAMPLE.ORG";
            }

            @Override
            public String getMechType() {
                return "1.2.840.113554.1.2.2"; // Kerberos v5
            }

            @Override
            public byte[] getCredentialData() {
                return new byte[] {1, 2, 3};
            }
        });
        SecurityException g = assertThrows(SecurityException.class, () -> mcf.createManagedConnection(generic, null));
        assertEquals("The container's Subject carries a GenericCredential, which Jaqs does not support: Jaqs needs a PasswordCredential"
                + " for its connection factory or exactly one principal (the authenticated caller)", g.getMessage());
        assertEquals(0, raw.approximateCounts("orders").visible());
    }

    @Test
    void aPooledConnectionOfOneUserIsNeverHandedToAnother() throws Exception {
        Subject alice = caller("alice");
        ManagedConnection mc = mcf.createManagedConnection(alice, null);
        try {
            assertSame(mc, mcf.matchManagedConnections(Set.of(mc), caller("alice"), null));
            assertNull(mcf.matchManagedConnections(Set.of(mc), caller("bob"), null), "bob's request does not get alice's connection");
            PasswordCredential pc = new PasswordCredential("alice", "alice-pw".toCharArray());
            pc.setManagedConnectionFactory(mcf);
            Subject withPassword = new Subject();
            withPassword.getPrivateCredentials().add(pc);
            assertNull(mcf.matchManagedConnections(Set.of(mc), withPassword, null),
                    "a password sign-on and a container caller are different credentials");
            assertNull(mcf.matchManagedConnections(Set.of(mc), null,
                    new JaqsConnectionRequestInfo(JaqsConnectionRequestInfo.Kind.CONTEXT, "bob", "bob-pw")));
            SecurityException e = assertThrows(SecurityException.class, () -> mc.getConnection(caller("bob"), null));
            assertTrue(e.getMessage().startsWith("This managed connection belongs to Credentials[alice, container caller]"), e.getMessage());
        } finally {
            mc.destroy();
        }
        ManagedConnection byPassword = mcf.createManagedConnection(null,
                new JaqsConnectionRequestInfo(JaqsConnectionRequestInfo.Kind.CONTEXT, "alice", "alice-pw"));
        try {
            assertNull(mcf.matchManagedConnections(Set.of(byPassword), null,
                    new JaqsConnectionRequestInfo(JaqsConnectionRequestInfo.Kind.CONTEXT, "bob", "bob-pw")));
            assertNull(mcf.matchManagedConnections(Set.of(byPassword), null,
                    new JaqsConnectionRequestInfo(JaqsConnectionRequestInfo.Kind.CONTEXT, "alice", "guess")),
                    "the same user with another password does not get the pooled connection");
        } finally {
            byPassword.destroy();
        }
    }

    /** The provider's seam opens a connection without a password for the resource adapter only. */
    @Test
    void aPlainClientCannotUseTheContainerSeam() {
        JaqsXAConnectionFactory plain = new JaqsXAConnectionFactory(url);
        plain.setUsers("alice:alice-pw");
        JMSSecurityRuntimeException e = assertThrows(JMSSecurityRuntimeException.class,
                () -> plain.createXAContextForContainerCaller("alice"));
        assertEquals("A connection for an already authenticated caller can be opened only by the Jaqs resource adapter"
                + " (container-managed sign-on), not by " + ContainerCallerTest.class.getName(), e.getMessage());
    }
}
