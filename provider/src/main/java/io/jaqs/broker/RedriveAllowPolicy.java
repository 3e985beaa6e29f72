package io.jaqs.broker;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Which source queues may use a queue as their dead-letter queue, SQS's JSON:
 * {@code {"redrivePermission":"allowAll"|"denyAll"|"byQueue","sourceQueueArns":[...]}}.
 */
public record RedriveAllowPolicy(Permission permission, List<String> sourceQueueNames, List<String> sourceQueueArns) {

    public enum Permission { allowAll, denyAll, byQueue }

    public static final RedriveAllowPolicy ALLOW_ALL = new RedriveAllowPolicy(Permission.allowAll, List.of(), List.of());

    public static RedriveAllowPolicy parse(String json) {
        JsonObject o = parseObject(QueueAttributeName.RedriveAllowPolicy, json);
        JsonValue p = o.get("redrivePermission");
        Permission permission;
        try {
            permission = Permission.valueOf(((JsonString) p).getString());
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw BrokerException.invalidAttribute(
                    "RedriveAllowPolicy needs \"redrivePermission\": allowAll, denyAll or byQueue: " + json);
        }
        List<String> arns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        JsonValue sources = o.get("sourceQueueArns");
        if (sources instanceof JsonArray array) {
            for (JsonValue v : array) {
                if (!(v instanceof JsonString s)) {
                    throw BrokerException.invalidAttribute("RedriveAllowPolicy sourceQueueArns must be strings: " + json);
                }
                arns.add(s.getString());
                try {
                    names.add(QueueNames.fromArnOrName(s.getString()));
                } catch (BrokerException e) {
                    throw BrokerException.invalidAttribute("RedriveAllowPolicy sourceQueueArns: " + e.getMessage());
                }
            }
        } else if (sources != null) {
            throw BrokerException.invalidAttribute("RedriveAllowPolicy sourceQueueArns must be an array: " + json);
        }
        if (permission == Permission.byQueue && (arns.isEmpty() || arns.size() > Limits.MAX_REDRIVE_ALLOW_SOURCES)) {
            throw BrokerException.invalidAttribute("RedriveAllowPolicy byQueue needs 1 to "
                    + Limits.MAX_REDRIVE_ALLOW_SOURCES + " sourceQueueArns, got " + arns.size());
        }
        if (permission != Permission.byQueue && !arns.isEmpty()) {
            throw BrokerException.invalidAttribute("RedriveAllowPolicy sourceQueueArns is only allowed with byQueue: " + json);
        }
        return new RedriveAllowPolicy(permission, List.copyOf(names), List.copyOf(arns));
    }

    public boolean allows(String sourceQueueName) {
        return switch (permission) {
            case allowAll -> true;
            case denyAll -> false;
            case byQueue -> sourceQueueNames.contains(sourceQueueName);
        };
    }

    public String toJson() {
        var b = Jsons.object().add("redrivePermission", permission.name());
        if (permission == Permission.byQueue) {
            JsonArrayBuilder a = Jsons.array();
            sourceQueueArns.forEach(a::add);
            b.add("sourceQueueArns", a);
        }
        return b.build().toString();
    }

    static JsonObject parseObject(QueueAttributeName attribute, String json) {
        JsonObject o = json == null ? null : RedrivePolicy.read(json);
        if (o == null) {
            throw BrokerException.invalidAttribute(attribute + " is not a JSON object: " + json);
        }
        return o;
    }
}
