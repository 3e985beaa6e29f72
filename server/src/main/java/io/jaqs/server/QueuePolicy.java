package io.jaqs.server;

import io.jaqs.broker.Broker;
import io.jaqs.broker.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AddPermission and RemovePermission as statements of the queue's {@code Policy} attribute, the way
 * SQS records them. Stored and returned; Jaqs does not enforce IAM policies (access is by access key).
 */
final class QueuePolicy {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

    private QueuePolicy() {
    }

    static void addPermission(Broker broker, String queue, String label, List<String> accounts, List<String> actions) {
        if (!LABEL.matcher(label).matches()) {
            throw SqsError.invalidParameter("Label must be 1 to 80 characters of A-Z a-z 0-9 - _, got '" + label + "'");
        }
        if (accounts.isEmpty()) {
            throw SqsError.missingParameter("AWSAccountIds");
        }
        if (actions.isEmpty()) {
            throw SqsError.missingParameter("Actions");
        }
        JsonArrayBuilder principals = Jsons.array();
        for (String a : accounts) {
            if (!ACCOUNT.matcher(a).matches()) {
                throw SqsError.invalidParameter("AWSAccountIds must be 12-digit account ids, got '" + a + "'");
            }
            principals.add("arn:aws:iam::" + a + ":root");
        }
        JsonArrayBuilder sqsActions = Jsons.array();
        for (String a : actions) {
            if (a.isEmpty() || !a.chars().allMatch(Character::isLetter) && !a.equals("*")) {
                throw SqsError.invalidParameter("Actions must name SQS actions (SendMessage, ReceiveMessage, ... or *), got '" + a + "'");
            }
            sqsActions.add("SQS:" + a);
        }
        String arn = broker.queueArn(queue);
        JsonObject policy = current(broker, queue, arn);
        for (JsonValue s : policy.getJsonArray("Statement")) {
            if (s instanceof JsonObject o && label.equals(o.getString("Sid", null))) {
                throw SqsError.invalidParameter("Value " + label + " for parameter Label is invalid. Reason: Already exists.");
            }
        }
        JsonObject statement = Jsons.object()
                .add("Sid", label).add("Effect", "Allow")
                .add("Principal", Jsons.object().add("AWS", principals))
                .add("Action", sqsActions).add("Resource", arn).build();
        JsonArrayBuilder statements = Jsons.array(policy.getJsonArray("Statement")).add(statement);
        store(broker, queue, Jsons.object(policy).add("Statement", statements).build());
    }

    static void removePermission(Broker broker, String queue, String label) {
        String arn = broker.queueArn(queue);
        JsonObject policy = current(broker, queue, arn);
        JsonArrayBuilder kept = Jsons.array();
        boolean found = false;
        for (JsonValue s : policy.getJsonArray("Statement")) {
            if (s instanceof JsonObject o && label.equals(o.getString("Sid", null))) {
                found = true;
            } else {
                kept.add(s);
            }
        }
        if (!found) {
            throw SqsError.invalidParameter("Value " + label + " for parameter Label is invalid. Reason: can't find label on existing policy.");
        }
        store(broker, queue, Jsons.object(policy).add("Statement", kept).build());
    }

    private static JsonObject current(Broker broker, String queue, String arn) {
        String text = broker.getQueueAttributes(queue, List.of("Policy")).get("Policy");
        if (text != null && !text.isBlank()) {
            try {
                JsonObject o = Jsons.reader(new StringReader(text)).readObject();
                if (o.get("Statement") instanceof jakarta.json.JsonArray) {
                    return o;
                }
            } catch (JsonException | ClassCastException e) {
                // a Policy set by hand that is not a statement list: AddPermission starts a new one
            }
        }
        return Jsons.object().add("Version", "2012-10-17").add("Id", arn + "/SQSDefaultPolicy")
                .add("Statement", Jsons.array()).build();
    }

    private static void store(Broker broker, String queue, JsonObject policy) {
        broker.setQueueAttributes(queue, Map.of("Policy", policy.toString()));
    }
}
