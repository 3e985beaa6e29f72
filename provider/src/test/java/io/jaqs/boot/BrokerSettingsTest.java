package io.jaqs.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Limits;
import io.jaqs.broker.ManualClock;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.SubscriptionRequest;
import io.jaqs.broker.store.Durability;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one value Brokers.open takes: its defaults come from Limits, its withers change one thing, a bad value is refused. */
class BrokerSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreLimitsAndEachWitherChangesOneSetting() {
        BrokerSettings d = BrokerSettings.of("jdbc:h2:mem:x");
        assertEquals(Limits.DEFAULT_DURABILITY, d.durability());
        assertEquals(Limits.STORE_READ_POOL_SIZE, d.readPoolSize());
        assertEquals(Clock.systemUTC(), d.clock());
        assertNull(d.user());
        assertNull(d.password());
        assertNull(d.encryptionKey());
        assertNull(d.subscriptionFilters());

        BrokerSettings s = d.withCredentials("env:U", "file:/p").withDurability(Durability.DISK).withReadPoolSize(8);
        assertEquals(new BrokerSettings("jdbc:h2:mem:x", "env:U", "file:/p", null, Durability.DISK, Clock.systemUTC(), 8, null), s);
        assertEquals(Limits.DEFAULT_DURABILITY, s.withDurability(null).durability(), "null keeps the default");
        assertEquals(Clock.systemUTC(), s.withClock(null).clock(), "null keeps the system clock");
    }

    @Test
    void aReadPoolOfNoConnectionIsRefusedNamingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrokerSettings.of("jdbc:h2:mem:x").withReadPoolSize(0));
        assertEquals("readPoolSize must be at least 1, got 0", e.getMessage());
    }

    @Test
    void toStringKeepsTheSecretsOut() {
        String text = BrokerSettings.of("jdbc:h2:mem:x").withCredentials("jaqs", "s3cret").withEncryptionKey("k3y").toString();
        assertFalse(text.contains("s3cret") || text.contains("k3y") || text.contains("jaqs,"), text);
        assertTrue(text.contains("secrets given"), text);
    }

    @Test
    void brokersOpenUsesTheClockAndWithoutASelectorLanguageRefusesSubscriptionSelectors() {
        ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        String url = "jdbc:h2:file:" + dir.resolve("settings").toAbsolutePath();
        try (Broker broker = Brokers.open(BrokerSettings.of(url).withClock(clock))) {
            assertSame(clock, broker.clock());
            broker.createQueue("q", Map.of());
            broker.sendMessage("q", SendMessageRequest.builder("hello").build());
            assertEquals(clock.millis() / 1000, Long.parseLong(broker.getQueueAttributes("q", java.util.List.of("CreatedTimestamp"))
                    .get("CreatedTimestamp")), "the queue was created on the settings' clock");
            BrokerException e = assertThrows(BrokerException.class, () -> broker.subscribe(
                    SubscriptionRequest.nonDurable("prices", "price > 3", null)));
            assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, e.code());
            assertTrue(broker.listSubscriptions("prices").isEmpty(), "nothing was stored");
        }
    }
}
