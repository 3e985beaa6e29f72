package io.jaqs.broker;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** A string map as stored text (queue attributes, tags): java.util.Properties format, sorted. */
final class KeyValues {
    private KeyValues() {
    }

    static String encode(Map<String, String> map) {
        Properties p = new Properties();
        p.putAll(map);
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // drop the date comment Properties writes first
        String s = w.toString();
        return s.startsWith("#") ? s.substring(s.indexOf('\n') + 1) : s;
    }

    static Map<String, String> decode(String text) {
        Map<String, String> map = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return map;
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        p.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }
}
