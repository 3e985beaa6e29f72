package io.jaqs.broker.security;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Security-relevant events, logged through the JDK's logging facade ({@link System.Logger}, which
 * SLF4J, Log4j 2 and JUL bridge) under the logger name {@code io.jaqs.audit}, so an operator routes
 * them to their own file: denials and authentication failures at WARNING, purges, queue deletions
 * and move tasks at INFO. Passwords never appear.
 */
public final class Audit {
    /** The logger name operators route. */
    public static final String LOGGER = "io.jaqs.audit";
    private static final Logger LOG = System.getLogger(LOGGER);

    private Audit() {
    }

    public static void denied(String user, Action action, String destination) {
        LOG.log(Level.WARNING, "access denied: user=" + user + " action=" + action + " destination=" + destination);
    }

    public static void authenticationFailed(String user, String frontEnd) {
        LOG.log(Level.WARNING, "authentication failed: user=" + user + " via=" + frontEnd);
    }

    public static void purged(String user, String queue) {
        LOG.log(Level.INFO, "queue purged: user=" + user + " queue=" + queue);
    }

    public static void queueDeleted(String user, String queue) {
        LOG.log(Level.INFO, "queue deleted: user=" + user + " queue=" + queue);
    }

    public static void moveTaskStarted(String user, String source, String destination, String handle) {
        LOG.log(Level.INFO, "move task started: user=" + user + " source=" + source + " destination="
                + (destination == null ? "(original source queues)" : destination) + " task=" + handle);
    }

    public static void moveTaskCancelled(String user, String handle) {
        LOG.log(Level.INFO, "move task cancelled: user=" + user + " task=" + handle);
    }
}
