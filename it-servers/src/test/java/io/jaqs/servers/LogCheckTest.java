package io.jaqs.servers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The servers' log check finds a Jaqs warning, and lets the container's report of the sample's poison order pass. */
class LogCheckTest {
    @TempDir
    Path dir;

    private Server checking(Path log) {
        return new WildFlyTest() {
            @Override
            List<Path> logs() {
                return List.of(log);
            }

            @Override
            Pattern warningOrError() {
                return Pattern.compile("^\\S+ \\S+ (WARN|ERROR|FATAL) ");
            }
        };
    }

    @Test
    void aJaqsWarningFailsTheCheck() throws Exception {
        Path log = Files.writeString(dir.resolve("server.log"), """
                2026-12-04 18:14:32,000 INFO  [org.jboss.as] (main) WFLYSRV0025: started
                2026-12-04 18:14:32,769 WARN  [io.jaqs.ra.JaqsActivation] (default-threads - 2) Jaqs consumer 0 failed; retrying
                \tat io.jaqs.ra.JaqsActivation$Consumer.run(JaqsActivation.java:1)
                """);
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> checking(log).assertNoJaqsWarningOrError());
        assertTrue(e.getMessage().contains("Jaqs consumer 0 failed"), e.getMessage());
    }

    @Test
    void aNoClassDefFoundErrorOfJaqsAtShutdownFailsTheCheck() throws Exception {
        Path log = Files.writeString(dir.resolve("server.log"), """
                2026-12-04 18:14:33,000 ERROR [stderr] (jaqs-shutdown) Exception in thread "jaqs-shutdown" java.lang.NoClassDefFoundError: io/jaqs/jms/ActiveSubscriptions
                """);
        assertThrows(AssertionFailedError.class, () -> checking(log).assertNoJaqsWarningOrError());
    }

    @Test
    void thePoisonOrderAndOtherComponentsWarningsPass() throws Exception {
        Path log = Files.writeString(dir.resolve("server.log"), """
                2026-12-04 18:28:41,995 ERROR [org.jboss.as.ejb3.invocation] (default-threads - 3) WFLYEJB0034: Invocation failed on component OrderProcessor for method public void io.jaqs.samples.mdb.OrderProcessor.onMessage
                Caused by: java.lang.IllegalStateException: cannot process order poison-wf-1
                \tat io.jaqs.samples.mdb.OrderProcessor.onMessage(OrderProcessor.java:1)
                2026-12-04 18:28:42,000 WARN  [org.glassfish.ejb.mdb] (p: thread-pool-1) jakarta.ejb.EJBException
                \tat io.jaqs.ra.JaqsActivation$Consumer.deliverTransacted(JaqsActivation.java:297)
                2026-12-04 18:27:16,709 WARN  [org.wildfly.extension.elytron] (MSC service thread 1-2) WFLYELY00023: KeyStore file does not exist
                """);
        checking(log).assertNoJaqsWarningOrError();
    }
}
