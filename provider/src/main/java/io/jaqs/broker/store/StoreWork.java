package io.jaqs.broker.store;

import java.sql.SQLException;

/** A unit of store work; it must not block on anything but the store. */
@FunctionalInterface
public interface StoreWork<T> {
    T run(StoreSession session) throws SQLException;
}
