package io.jaqs.server;

import io.jaqs.broker.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Query protocol (form-encoded {@code Action=...}, XML answers; SDKs from before late 2023):
 * its flattened parameters become the JSON protocol's request members, so one implementation of
 * each action serves both, and the JSON result becomes the Query XML answer.
 */
final class QueryProtocol {
    static final String NAMESPACE = "http://queue.amazonaws.com/doc/2012-11-05/";
    private static final Set<String> INTEGERS = Set.of("DelaySeconds", "MaxNumberOfMessages", "VisibilityTimeout",
            "WaitTimeSeconds", "MaxResults", "MaxNumberOfMessagesPerSecond");
    private static final Set<String> IGNORED = Set.of("Action", "Version", "AWSAccessKeyId", "SignatureVersion",
            "SignatureMethod", "Signature", "Timestamp", "Expires", "SecurityToken");
    /** Flattened list prefix → JSON member. */
    private static final Map<String, String> LISTS = Map.of("AttributeName", "AttributeNames",
            "MessageAttributeName", "MessageAttributeNames", "MessageSystemAttributeName", "MessageSystemAttributeNames",
            "TagKey", "TagKeys", "AWSAccountId", "AWSAccountIds", "ActionName", "Actions");
    private static final Set<String> BATCH_ENTRIES = Set.of("SendMessageBatchRequestEntry", "DeleteMessageBatchRequestEntry",
            "ChangeMessageVisibilityBatchRequestEntry");

    private QueryProtocol() {
    }

    /** The request members of a Query request, as the JSON protocol names them. */
    static JsonObject toJson(String action, Map<String, List<String>> params, String pathQueueUrl) {
        Map<String, String> flat = new TreeMap<>();
        params.forEach((k, v) -> {
            if (v.size() > 1) {
                throw SqsError.invalidParameter("Parameter " + k + " is repeated");
            }
            if (!IGNORED.contains(k) && !k.startsWith("X-Amz-")) {
                flat.put(k, v.get(0));
            }
        });
        JsonObjectBuilder out = Jsons.object();
        Map<String, Map<String, String>> indexed = new TreeMap<>(); // "Attribute.1" → {Name: .., Value: ..}
        Map<String, Map<Integer, String>> lists = new TreeMap<>();
        Map<Integer, Map<String, String>> entries = new TreeMap<>();
        for (Map.Entry<String, String> e : flat.entrySet()) {
            String key = e.getKey();
            String[] parts = key.split("\\.", 3);
            if (parts.length == 1) {
                out.add(key, scalar(key, e.getValue()));
            } else if (BATCH_ENTRIES.contains(parts[0]) && parts.length == 3) {
                entries.computeIfAbsent(index(key, parts[1]), i -> new TreeMap<>()).put(parts[2], e.getValue());
            } else if (LISTS.containsKey(parts[0]) && parts.length == 2) {
                lists.computeIfAbsent(LISTS.get(parts[0]), x -> new TreeMap<>()).put(index(key, parts[1]), e.getValue());
            } else if (parts.length == 3) {
                indexed.computeIfAbsent(parts[0] + "." + index(key, parts[1]), x -> new TreeMap<>()).put(parts[2], e.getValue());
            } else {
                throw SqsError.invalidParameter("Unknown parameter " + key);
            }
        }
        lists.forEach((member, values) -> {
            JsonArrayBuilder a = Jsons.array();
            values.values().forEach(a::add);
            out.add(member, a);
        });
        JsonObject maps = maps(indexed);
        // CreateQueue's tags are "tags" in the JSON protocol (TagQueue's are "Tags")
        maps.forEach((k, v) -> out.add(action.equals("CreateQueue") && k.equals("Tags") ? "tags" : k, v));
        if (!entries.isEmpty()) {
            JsonArrayBuilder a = Jsons.array();
            for (Map<String, String> entry : entries.values()) {
                JsonObjectBuilder o = Jsons.object();
                Map<String, Map<String, String>> nested = new TreeMap<>();
                entry.forEach((k, v) -> {
                    String[] p = k.split("\\.", 3);
                    if (p.length == 1) {
                        o.add(k, scalar(k, v));
                    } else if (p.length == 3) {
                        nested.computeIfAbsent(p[0] + "." + index(k, p[1]), x -> new TreeMap<>()).put(p[2], v);
                    } else {
                        throw SqsError.invalidParameter("Unknown batch entry parameter " + k);
                    }
                });
                maps(nested).forEach(o::add);
                a.add(o);
            }
            out.add("Entries", a);
        }
        JsonObject json = out.build();
        if (!json.containsKey("QueueUrl") && pathQueueUrl != null) {
            json = Jsons.object(json).add("QueueUrl", pathQueueUrl).build();
        }
        return json;
    }

    /** "Attribute.N.Name/Value", "Tag.N.Key/Value", "MessageAttribute.N.Name/Value.*" groups as JSON maps. */
    private static JsonObject maps(Map<String, Map<String, String>> indexed) {
        Map<String, JsonObjectBuilder> maps = new TreeMap<>();
        indexed.forEach((group, fields) -> {
            String kind = group.substring(0, group.indexOf('.'));
            switch (kind) {
                case "Attribute" -> map(maps, "Attributes").add(required(fields, "Name", group), required(fields, "Value", group));
                case "Tag" -> map(maps, "Tags").add(required(fields, "Key", group), required(fields, "Value", group));
                case "MessageAttribute", "MessageSystemAttribute" -> {
                    JsonObjectBuilder v = Jsons.object();
                    fields.forEach((k, val) -> {
                        if (k.startsWith("Value.")) {
                            v.add(k.substring("Value.".length()), val);
                        } else if (!k.equals("Name")) {
                            throw SqsError.invalidParameter("Unknown parameter " + group + "." + k);
                        }
                    });
                    map(maps, kind + "s").add(required(fields, "Name", group), v);
                }
                default -> throw SqsError.invalidParameter("Unknown parameter " + group);
            }
        });
        JsonObjectBuilder out = Jsons.object();
        maps.forEach(out::add);
        return out.build();
    }

    private static JsonObjectBuilder map(Map<String, JsonObjectBuilder> maps, String name) {
        return maps.computeIfAbsent(name, n -> Jsons.object());
    }

    private static String required(Map<String, String> fields, String name, String group) {
        String v = fields.get(name);
        if (v == null) {
            throw SqsError.missingParameter(group + "." + name);
        }
        return v;
    }

    private static int index(String key, String n) {
        try {
            int i = Integer.parseInt(n);
            if (i < 1) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw SqsError.invalidParameter("Parameter " + key + " has no valid index (1, 2, ...)");
        }
    }

    private static JsonValue scalar(String name, String value) {
        if (INTEGERS.contains(name)) {
            try {
                return Jsons.value(Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw SqsError.invalidParameter("Value " + value + " for parameter " + name + " is invalid. Reason: must be an integer.");
            }
        }
        return Jsons.value(value);
    }

    // ------------------------------------------------------------------ answers

    static String response(String action, JsonObject result, String requestId) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>");
        sb.append('<').append(action).append("Response xmlns=\"").append(NAMESPACE).append("\">");
        if (!result.isEmpty()) {
            sb.append('<').append(action).append("Result>");
            members(sb, action, result);
            sb.append("</").append(action).append("Result>");
        }
        sb.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        sb.append("</").append(action).append("Response>");
        return sb.toString();
    }

    private static void members(StringBuilder sb, String action, JsonObject o) {
        o.forEach((name, value) -> {
            switch (name) {
                case "QueueUrls", "queueUrls" -> value.asJsonArray().forEach(v -> element(sb, "QueueUrl", text(v)));
                case "Attributes" -> value.asJsonObject().forEach((k, v) ->
                        sb.append("<Attribute><Name>").append(escape(k)).append("</Name><Value>").append(escape(text(v))).append("</Value></Attribute>"));
                case "Tags" -> value.asJsonObject().forEach((k, v) ->
                        sb.append("<Tag><Key>").append(escape(k)).append("</Key><Value>").append(escape(text(v))).append("</Value></Tag>"));
                case "MessageAttributes" -> value.asJsonObject().forEach((k, v) -> {
                    sb.append("<MessageAttribute><Name>").append(escape(k)).append("</Name><Value>");
                    v.asJsonObject().forEach((f, fv) -> element(sb, f, text(fv)));
                    sb.append("</Value></MessageAttribute>");
                });
                case "Messages" -> value.asJsonArray().forEach(m -> {
                    sb.append("<Message>");
                    members(sb, action, m.asJsonObject());
                    sb.append("</Message>");
                });
                case "Successful" -> list(sb, action, value.asJsonArray(), action + "ResultEntry");
                case "Failed" -> list(sb, action, value.asJsonArray(), "BatchResultErrorEntry");
                case "Results" -> list(sb, action, value.asJsonArray(), "ListMessageMoveTasksResultEntry");
                default -> element(sb, name, text(value));
            }
        });
    }

    private static void list(StringBuilder sb, String action, JsonArray a, String element) {
        for (JsonValue v : a) {
            sb.append('<').append(element).append('>');
            members(sb, action, v.asJsonObject());
            sb.append("</").append(element).append('>');
        }
    }

    private static void element(StringBuilder sb, String name, String text) {
        sb.append('<').append(name).append('>').append(escape(text)).append("</").append(name).append('>');
    }

    private static String text(JsonValue v) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        return v.toString();
    }

    static String error(SqsError e, String requestId) {
        return "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + NAMESPACE + "\"><Error><Type>"
                + (e.senderFault() ? "Sender" : "Receiver") + "</Type><Code>" + escape(e.queryCode()) + "</Code><Message>"
                + escape(e.getMessage() == null ? "" : e.getMessage()) + "</Message><Detail/></Error><RequestId>" + requestId
                + "</RequestId></ErrorResponse>";
    }

    /** XML text: markup characters escaped, and characters XML 1.0 cannot carry as character references. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\r' -> sb.append("&#xD;");
                default -> sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
