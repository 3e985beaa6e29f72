package io.jaqs.server;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one JSON request object: a member of the wrong JSON type is SQS's
 * SerializationException naming the member, a missing required one its MissingParameter.
 */
final class JsonParams {
    private final JsonObject json;

    JsonParams(JsonObject json) {
        this.json = json;
    }

    JsonObject json() {
        return json;
    }

    boolean has(String name) {
        JsonValue v = json.get(name);
        return v != null && v.getValueType() != JsonValue.ValueType.NULL;
    }

    String string(String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw SqsError.serialization("Parameter " + name + " must be a string, got " + v.getValueType());
        }
        return s.getString();
    }

    String requiredString(String name) {
        String s = string(name);
        if (s == null) {
            throw SqsError.missingParameter(name);
        }
        return s;
    }

    Integer integer(String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw SqsError.serialization("Parameter " + name + " must be an integer, got " + v);
        }
        try {
            return n.intValueExact();
        } catch (ArithmeticException e) {
            throw SqsError.invalidParameter("Value " + n + " for parameter " + name + " is invalid: out of range");
        }
    }

    int requiredInteger(String name) {
        Integer i = integer(name);
        if (i == null) {
            throw SqsError.missingParameter(name);
        }
        return i;
    }

    List<String> strings(String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw SqsError.serialization("Parameter " + name + " must be a list of strings, got " + v.getValueType());
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonValue e : a) {
            if (!(e instanceof JsonString s)) {
                throw SqsError.serialization("Parameter " + name + " must be a list of strings; it holds " + e.getValueType());
            }
            out.add(s.getString());
        }
        return out;
    }

    Map<String, String> stringMap(String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Map.of();
        }
        if (!(v instanceof JsonObject o)) {
            throw SqsError.serialization("Parameter " + name + " must be a map of strings, got " + v.getValueType());
        }
        Map<String, String> out = new LinkedHashMap<>();
        o.forEach((k, e) -> {
            if (!(e instanceof JsonString s)) {
                throw SqsError.serialization("Parameter " + name + "." + k + " must be a string, got " + e.getValueType());
            }
            out.put(k, s.getString());
        });
        return out;
    }

    Map<String, JsonParams> objectMap(String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return Map.of();
        }
        if (!(v instanceof JsonObject o)) {
            throw SqsError.serialization("Parameter " + name + " must be a map, got " + v.getValueType());
        }
        Map<String, JsonParams> out = new LinkedHashMap<>();
        o.forEach((k, e) -> {
            if (!(e instanceof JsonObject eo)) {
                throw SqsError.serialization("Parameter " + name + "." + k + " must be an object, got " + e.getValueType());
            }
            out.put(k, new JsonParams(eo));
        });
        return out;
    }

    /** A list of objects (batch entries); missing means empty. */
    List<JsonParams> objects(String name) {
        JsonValue v = json.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(v instanceof JsonArray a)) {
            throw SqsError.serialization("Parameter " + name + " must be a list, got " + v.getValueType());
        }
        List<JsonParams> out = new ArrayList<>(a.size());
        for (JsonValue e : a) {
            if (!(e instanceof JsonObject o)) {
                throw SqsError.serialization("Parameter " + name + " must be a list of objects; it holds " + e.getValueType());
            }
            out.add(new JsonParams(o));
        }
        return out;
    }
}
