package io.jaqs.broker;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * A queue's dead-letter rule, SQS's JSON:
 * {@code {"deadLetterTargetArn":"arn:aws:sqs:<region>:<account>:<name>","maxReceiveCount":5}}.
 * A bare queue name is accepted as the target too.
 */
public record RedrivePolicy(String deadLetterQueueName, String deadLetterTargetArn, int maxReceiveCount) {

    public static RedrivePolicy parse(String json) {
        JsonObject o = RedriveAllowPolicy.parseObject(QueueAttributeName.RedrivePolicy, json);
        JsonValue target = o.get("deadLetterTargetArn");
        if (!(target instanceof JsonString targetString) || targetString.getString().isEmpty()) {
            throw BrokerException.invalidAttribute("RedrivePolicy needs \"deadLetterTargetArn\" (a queue ARN or name): " + json);
        }
        JsonValue count = o.get("maxReceiveCount");
        int maxReceiveCount;
        try {
            if (count instanceof JsonNumber n) {
                maxReceiveCount = n.intValueExact();
            } else if (count instanceof JsonString s) {
                maxReceiveCount = Integer.parseInt(s.getString().trim());
            } else {
                throw new NumberFormatException("missing");
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw BrokerException.invalidAttribute("RedrivePolicy needs an integer \"maxReceiveCount\" from "
                    + Limits.MIN_MAX_RECEIVE_COUNT + " to " + Limits.MAX_MAX_RECEIVE_COUNT + ": " + json);
        }
        if (maxReceiveCount < Limits.MIN_MAX_RECEIVE_COUNT || maxReceiveCount > Limits.MAX_MAX_RECEIVE_COUNT) {
            throw BrokerException.invalidAttribute("RedrivePolicy maxReceiveCount " + maxReceiveCount
                    + " is outside " + Limits.MIN_MAX_RECEIVE_COUNT + " to " + Limits.MAX_MAX_RECEIVE_COUNT);
        }
        String arn = targetString.getString();
        String name;
        try {
            name = QueueNames.fromArnOrName(arn);
            QueueNames.validate(name);
        } catch (BrokerException e) { // a bad target is a bad attribute value, like every other RedrivePolicy error
            throw BrokerException.invalidAttribute("RedrivePolicy deadLetterTargetArn is invalid: " + e.getMessage());
        }
        return new RedrivePolicy(name, arn, maxReceiveCount);
    }

    public String toJson() {
        return Jsons.object()
                .add("deadLetterTargetArn", deadLetterTargetArn)
                .add("maxReceiveCount", maxReceiveCount)
                .build().toString();
    }

    static JsonObject read(String json) {
        try (var reader = Jsons.reader(new StringReader(json))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            return null;
        }
    }
}
