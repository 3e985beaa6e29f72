package io.jaqs.broker;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.Reader;
import java.util.Map;

/**
 * JSON-P through one provider, looked up once. Each static {@code jakarta.json.Json.create...} call
 * looks the provider up again through {@link java.util.ServiceLoader} (a scan of the class path's
 * jar files); measured on the SQS server, that lookup was 40 % of the store writer's samples while
 * it built send and receive responses.
 */
public final class Jsons {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsons() {
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    /** A builder that starts as a copy of {@code from}. */
    public static JsonObjectBuilder object(JsonObject from) {
        return PROVIDER.createObjectBuilder(from);
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    /** A builder that starts as a copy of {@code from}. */
    public static JsonArrayBuilder array(JsonArray from) {
        return PROVIDER.createArrayBuilder(from);
    }

    public static JsonReader reader(Reader reader) {
        return PROVIDER.createReader(reader);
    }

    public static JsonReaderFactory readerFactory(Map<String, ?> config) {
        return PROVIDER.createReaderFactory(config);
    }

    public static JsonValue value(String value) {
        return PROVIDER.createValue(value);
    }

    public static JsonValue value(int value) {
        return PROVIDER.createValue(value);
    }
}
