package io.jaqs.broker.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.IntPredicate;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One dedicated PostgreSQL connection per store that {@code LISTEN}s for the queue changes other
 * nodes announce ({@code pg_notify('jaqs_queue', '<id>,<id>...')} inside their commits). It waits on
 * the socket, so an idle broker causes no database traffic. Notifications from this store's own
 * writers are ignored (its long polls were woken in memory already). If the connection breaks, it
 * reconnects after a second; notifications sent meanwhile are lost, which the long polls' bounded
 * poll ({@link JdbcQueueStore#crossNodePollMillis()}) covers.
 */
final class PgListener implements AutoCloseable {
    static final String CHANNEL = "jaqs_queue";
    private static final System.Logger LOG = System.getLogger(PgListener.class.getName());

    private final String url;
    private final Properties props;
    /** The dialect file's {@code listen} statement, on {@link #CHANNEL}. */
    private final String listenSql;
    private final IntPredicate ownPid;
    private final io.jaqs.broker.store.QueueStore.QueueChangeListener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    PgListener(String url, String user, String password, String listenSql, IntPredicate ownPid,
               io.jaqs.broker.store.QueueStore.QueueChangeListener listener) {
        this.url = url;
        this.listenSql = listenSql;
        this.props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        this.ownPid = ownPid;
        this.listener = listener;
        this.thread = new Thread(this::run, "jaqs-store-listener");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        while (!closed) {
            try {
                Connection c = connection;
                if (c == null) {
                    c = DriverManager.getConnection(url, props);
                    try (Statement st = c.createStatement()) {
                        st.execute(listenSql);
                    }
                    connection = c;
                }
                PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications(1000);
                if (notes == null) {
                    continue;
                }
                for (PGNotification n : notes) {
                    if (ownPid.test(n.getPID()) || !CHANNEL.equals(n.getName())) {
                        continue;
                    }
                    for (String id : n.getParameter().split(",")) {
                        if (!id.isEmpty()) {
                            try {
                                boolean settings = id.startsWith("s");
                                listener.queueChanged(Long.parseLong(settings ? id.substring(1) : id), settings);
                            } catch (RuntimeException e) {
                                LOG.log(System.Logger.Level.WARNING, "queue change listener failed", e);
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.log(System.Logger.Level.WARNING, "LISTEN connection failed, reconnecting in 1 s: " + e.getMessage());
                closeConnection();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    if (closed) {
                        break;
                    }
                }
            }
        }
        closeConnection();
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // broken already
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        // The thread may be blocked reading the socket for up to a second (getNotifications(1000) does not
        // answer interrupts): abort the connection under it, which JDBC allows from another thread.
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // closed below anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }
}
