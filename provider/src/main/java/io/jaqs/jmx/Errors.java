package io.jaqs.jmx;

import io.jaqs.broker.BrokerException;
import java.util.function.Supplier;

/**
 * A JMX client (JConsole) may not have Jaqs classes: a broker failure crosses as an
 * IllegalArgumentException (a JDK type) whose message carries the SQS error code and the rule.
 */
final class Errors {
    private Errors() {
    }

    static <T> T plain(Supplier<T> call) {
        try {
            return call.get();
        } catch (BrokerException e) {
            throw new IllegalArgumentException(e.code().sqsCode() + ": " + e.getMessage());
        }
    }
}
