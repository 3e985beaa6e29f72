package crashprobe;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.nio.file.Path;

/**
 * Sends an order to the sample's queue in a container transaction that a {@link HaltingResource}
 * stops between the phases, with Jaqs's branch prepared and not decided. Where the halting resource
 * goes depends on the order in which the server's transaction manager calls its participants (all
 * three commit in enlistment order; Open Liberty prepares in reverse order).
 */
@Stateless
public class CrashSender {
    @Resource(lookup = "jms/jaqsCF")
    private ConnectionFactory factory;

    /** Stops in the commit phase, after the decision is logged and before Jaqs's branch commits: recovery commits it. */
    public void sendThenHaltInCommit(String order, Path marker) {
        Transactions.enlist(new HaltingResource(HaltingResource.Phase.COMMIT, marker)); // committed first
        send(order);
    }

    /**
     * Stops in the prepare phase after Jaqs's branch prepared, no decision logged: recovery rolls
     * it back (presumed abort). {@code haltFirst}: whether the transaction manager prepares its
     * participants in reverse order of enlistment.
     */
    public void sendThenHaltInPrepare(String order, Path marker, boolean haltFirst) {
        HaltingResource halt = new HaltingResource(HaltingResource.Phase.PREPARE, marker);
        if (haltFirst) {
            Transactions.enlist(halt);
        }
        send(order);
        if (!haltFirst) {
            Transactions.enlist(halt);
        }
    }

    private void send(String order) {
        try (JMSContext jms = factory.createContext()) {
            jms.createProducer().send(jms.createQueue("orders"), order); // the sample's queue
        }
    }
}
