package io.jaqs.broker;

import java.util.List;

/**
 * The outcome of a batch call: each entry either succeeded (with its value) or failed (with the
 * SQS error code and a message naming the rule). A failed entry changed nothing.
 */
public record BatchResult<T>(List<Success<T>> successful, List<Failure> failed) {

    public record Success<T>(String id, T value) {
    }

    public record Failure(String id, ErrorCode code, String message, boolean senderFault) {
    }

    public BatchResult {
        successful = List.copyOf(successful);
        failed = List.copyOf(failed);
    }
}
