package io.jaqs.jms;

import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Narayana configured for tests: its object store in a directory of the test's choosing (set once
 * per JVM, before the first transaction), no recovery listener socket, quick recovery passes.
 */
public final class NarayanaSupport {
    private static Path configured;

    private NarayanaSupport() {
    }

    /** Configures Narayana in this JVM with a fresh temporary object store, once. */
    public static synchronized Path init() {
        if (configured == null) {
            try {
                init(Files.createTempDirectory("jaqs-narayana"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return configured;
    }

    /** Configures Narayana with this object store directory (a recovery JVM passes the crashed one's). */
    public static synchronized void init(Path objectStore) {
        String dir = objectStore.toAbsolutePath().toString();
        arjPropertyManager.getObjectStoreEnvironmentBean().setObjectStoreDir(dir);
        for (String name : new String[] {"default", "communicationStore", "stateStore"}) {
            BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, name).setObjectStoreDir(dir);
        }
        // node identifier "1" and xaRecoveryNodes "1" come from Narayana's jbossts-properties.xml
        BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class).setOrphanSafetyInterval(0);
        RecoveryEnvironmentBean recovery = BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class);
        recovery.setRecoveryListener(false);
        recovery.setRecoveryBackoffPeriod(1);
        recovery.setPeriodicRecoveryPeriod(3600);
        configured = objectStore;
    }
}
