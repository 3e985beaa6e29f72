package io.jaqs.broker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A dialect file's blocks may name other blocks: the column list is written once per file. */
class SqlFileTest {
    @Test
    void aReferenceIsWrittenOutAndAnAliasQualifiesEachColumn() {
        SqlFile sql = SqlFile.load("/io/jaqs/broker/jdbc/sqlfile-references.sql");
        assertEquals("SELECT a, b,\n    c, d FROM t", sql.get("select"));
        assertEquals("UPDATE t x SET a = 1 FROM u RETURNING x.a, x.b, x.c, u.e", sql.get("returning"));
    }

    @Test
    void aReferenceToAMissingBlockFailsOnLoadNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SqlFile.load("/io/jaqs/broker/jdbc/sqlfile-bad-reference.sql"));
        assertTrue(e.getMessage().contains("no block 'nothing'"), e.getMessage());
    }

    @Test
    void everyMessageSelectOfBothDialectsReadsTheSixteenColumnsInOneOrder() {
        for (Dialect d : Dialect.values()) {
            SqlFile sql = SqlFile.load(d.sqlResource());
            String columns = sql.get("messageColumns");
            assertEquals(16, columns.split(",").length, d + ": " + columns);
            assertTrue(sql.get("findMessage").startsWith("SELECT " + columns + "\n"), d + ": " + sql.get("findMessage"));
        }
    }
}
