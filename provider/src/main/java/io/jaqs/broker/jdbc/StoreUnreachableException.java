package io.jaqs.broker.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * No database connection could be had (the database is down, unreachable, or every connection of
 * the pool is broken and none could be made within the store timeout): the message says so, so an
 * application's log tells an outage apart from a failed statement. The store reconnects on its next
 * use, so calls succeed again as soon as the database is back.
 */
final class StoreUnreachableException extends SQLException {
    StoreUnreachableException(SQLException cause) {
        super("The store is unreachable: no connection to its database (" + cause.getMessage() + ")", cause.getSQLState(), cause);
    }

    static Connection connect(DataSource dataSource) throws StoreUnreachableException {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreUnreachableException(e);
        }
    }
}
