package crashprobe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * A participant of a container transaction that, at one phase, writes a marker file and then
 * blocks: the transaction stops exactly there until the test, seeing the marker, kills the server.
 * In the commit phase (enlisted before Jaqs's branch: committed first) it stops the transaction
 * after the transaction manager logged its decision and before Jaqs's commit; in the prepare phase,
 * placed to be prepared after Jaqs's branch, it stops it after Jaqs prepared, with no decision
 * logged. It votes yes and remembers nothing: after the restart no resource of the server knows its
 * branch (the transaction managers report that, as they should).
 */
public final class HaltingResource implements XAResource {
    /** The phase at which the transaction stops. */
    public enum Phase { PREPARE, COMMIT }

    /** Bound of the block, should the test never kill the server. */
    private static final long BLOCK_MINUTES = 10;
    private final Phase phase;
    private final Path marker;

    public HaltingResource(Phase phase, Path marker) {
        this.phase = phase;
        this.marker = marker;
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        if (phase == Phase.PREPARE) {
            halt();
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        if (phase == Phase.COMMIT) {
            halt();
        }
    }

    private void halt() throws XAException {
        try {
            Files.writeString(marker, phase.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            new CountDownLatch(1).await(BLOCK_MINUTES, TimeUnit.MINUTES); // until the server is killed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new XAException(XAException.XAER_RMFAIL);
    }

    @Override
    public void start(Xid xid, int flags) {
    }

    @Override
    public void end(Xid xid, int flags) {
    }

    @Override
    public void rollback(Xid xid) {
    }

    @Override
    public void forget(Xid xid) {
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }

    @Override
    public String toString() {
        return "HaltingResource[" + phase + "]";
    }
}
