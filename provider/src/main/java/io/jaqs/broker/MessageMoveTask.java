package io.jaqs.broker;

import java.time.Instant;

/** A dead-letter redrive task, as SQS's ListMessageMoveTasks reports it. */
public record MessageMoveTask(String taskHandle, String sourceArn, String destinationArn, Integer maxVelocity,
                              Status status, long approximateNumberOfMessagesMoved,
                              long approximateNumberOfMessagesToMove, String failureReason, Instant startedTimestamp) {
    public enum Status { RUNNING, COMPLETED, CANCELLING, CANCELLED, FAILED }
}
