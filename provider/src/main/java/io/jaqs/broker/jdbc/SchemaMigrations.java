package io.jaqs.broker.jdbc;

import io.jaqs.broker.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The store's schema versions and the ordered steps between them. A store records its version in
 * {@code jaqs_schema}; opening it creates the baseline schema (version 1) on an empty database and
 * then applies every step from the store's version up to {@link #CURRENT}, so a store written by an
 * older Jaqs is upgraded in place and a new one is built the same way. A store of a newer version is
 * refused, naming both versions: this code cannot know what a later schema means.
 *
 * <h2>How to add a migration (change the schema)</h2>
 * <ol>
 *   <li>Never edit the {@code schema} block of a dialect file: it is version 1, what every store
 *       started as.</li>
 *   <li>Raise {@link #CURRENT} by one, to N.</li>
 *   <li>Add a block {@code -- name: migrateToN} to <em>every</em> dialect file
 *       ({@code h2.sql}, {@code postgresql.sql}): the plain SQL statements that turn a version N-1
 *       store into version N, separated by {@code ;} at line ends. Do not touch {@code jaqs_schema}:
 *       the version is written here, after the step.</li>
 *   <li>Write each H2 step so it can run again ({@code IF NOT EXISTS}, {@code IF EXISTS}): H2 commits
 *       on every DDL statement, so a crash in the middle of a step leaves part of it done and the next
 *       open repeats the step. On PostgreSQL the whole upgrade is one transaction (its DDL is
 *       transactional): all steps or none.</li>
 *   <li>Update the queries that read or write the changed tables, and extend
 *       {@code SchemaUpgradeTest}, which opens a version 1 store written by the first release (a
 *       committed H2 file and a PostgreSQL script, under {@code schema-v1}) and checks that nothing in
 *       it was lost, after your steps and one test-only step beyond them. Freeze a fixture of your
 *       version too ({@code SchemaFixtureWriter}, into {@code schema-vN}).</li>
 * </ol>
 * Several nodes on one PostgreSQL database may open it at once: the upgrade runs under the
 * transaction-scoped advisory lock of the {@code schemaLock} statement, so one node migrates and the
 * others wait for its commit, then find the store current. An H2 store belongs to one process (its
 * file lock), so nothing else can race.
 */
final class SchemaMigrations {
    /** The schema version this code reads and writes. */
    static final int CURRENT = 3;

    /** The version the dialect file's {@code schema} block creates. */
    static final int BASELINE = 1;

    /** Where the steps come from: the dialect file. */
    private final SqlFile steps;
    private final int target;
    /** Steps given in code, by the version they lead to (tests: a step beyond {@link #CURRENT}). */
    private final Map<Integer, List<String>> extraSteps;

    SchemaMigrations(SqlFile steps, int target) {
        this(steps, target, Map.of());
    }

    private SchemaMigrations(SqlFile steps, int target, Map<Integer, List<String>> extraSteps) {
        this.steps = steps;
        this.target = target;
        this.extraSteps = extraSteps;
    }

    /** These migrations and one more step, to {@code version} (one past the target), made of {@code statements}. */
    SchemaMigrations withStep(int version, List<String> statements) {
        if (version != target + 1) {
            throw new IllegalArgumentException("the next step leads to version " + (target + 1) + ", not " + version);
        }
        Map<Integer, List<String>> more = new HashMap<>(extraSteps);
        more.put(version, List.copyOf(statements));
        return new SchemaMigrations(steps, version, more);
    }

    private List<String> step(int toVersion) {
        List<String> given = extraSteps.get(toVersion);
        if (given != null) {
            return given;
        }
        return steps.has(stepName(toVersion)) ? steps.script(stepName(toVersion)) : null;
    }

    /** The migrations of a dialect's SQL file, up to {@link #CURRENT}. */
    static SchemaMigrations of(SqlFile dialectSql) {
        return new SchemaMigrations(dialectSql, CURRENT);
    }

    /** The version this code brings a store to. */
    int target() {
        return target;
    }

    static String stepName(int toVersion) {
        return "migrateTo" + toVersion;
    }

    /**
     * Brings the store on {@code c} to {@link #target()}, creating it when the database is empty.
     * Leaves {@code c} committed.
     *
     * @return the version the store had before (0 when it was created now)
     * @throws StoreException for a store newer than this code, or one
     *         without a readable version
     */
    int migrate(Connection c, SqlFile sql, Dialect dialect, String url) throws SQLException {
        c.setAutoCommit(false);
        if (dialect.serializesSchemaChanges()) {
            // several nodes may start at once: one creates or upgrades the schema, the others wait here
            // (the lock is held until commit) and then find it current
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("schemaLock"))) {
                rs.next();
            }
        }
        boolean exists;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("schemaExists"))) {
            rs.next();
            exists = rs.getLong(1) > 0;
        }
        if (!exists) {
            run(c, sql.script("schema"));
        }
        int found = readVersion(c, sql);
        if (found > target) {
            c.rollback();
            throw new StoreException("The store at " + url + " has schema version " + found
                    + ", newer than this Jaqs, which reads version " + target + " (and upgrades older ones)."
                    + " Open it with a Jaqs of schema version " + found + " or later");
        }
        if (found < BASELINE) {
            c.rollback();
            throw new StoreException("The store at " + url + " has no valid schema version"
                    + " (jaqs_schema holds " + (found < 0 ? "no row" : "version " + found) + "); this Jaqs reads version "
                    + target + ". It was not written by Jaqs, or its jaqs_schema table was changed by hand");
        }
        for (int v = found + 1; v <= target; v++) {
            if (step(v) == null) { // refused before any change
                c.rollback();
                throw new StoreException("The store at " + url + " has schema version " + found
                        + " and this Jaqs reads version " + target + ", but it has no step " + stepName(v) + " in "
                        + steps.resource() + " to upgrade it");
            }
        }
        for (int v = found + 1; v <= target; v++) {
            run(c, step(v));
            try (PreparedStatement ps = c.prepareStatement(sql.get("setSchemaVersion"))) {
                ps.setInt(1, v);
                ps.executeUpdate();
            }
            if (!dialect.transactionalDdl()) {
                c.commit(); // the step's DDL committed already (H2); record that it is done
            }
        }
        c.commit();
        return exists ? found : 0;
    }

    private static int readVersion(Connection c, SqlFile sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.get("schemaVersion"))) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    private static void run(Connection c, List<String> statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }
}
