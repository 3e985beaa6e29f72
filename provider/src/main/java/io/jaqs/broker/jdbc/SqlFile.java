package io.jaqs.broker.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The named statements of one dialect's SQL file ({@code -- name: key} blocks). A block may name
 * another in braces, {@code {messageColumns}}, to be written out there (a column list kept once per
 * file); {@code {messageColumns:m}} writes each column of the list qualified by {@code m.}.
 */
final class SqlFile {
    private final String resource;
    private final Map<String, String> statements;

    private SqlFile(String resource, Map<String, String> statements) {
        this.resource = resource;
        this.statements = statements;
    }

    static SqlFile load(String resource) {
        try (InputStream in = SqlFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("SQL file not found on the class path: " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> map = new HashMap<>();
            String name = null;
            StringBuilder sql = new StringBuilder();
            for (String line : text.split("\n")) {
                String trimmed = line.trim();
                if (trimmed.startsWith("-- name:")) {
                    if (name != null) {
                        map.put(name, sql.toString().trim());
                    }
                    name = trimmed.substring("-- name:".length()).trim();
                    sql.setLength(0);
                } else if (!trimmed.startsWith("--") && name != null) {
                    sql.append(line).append('\n');
                }
            }
            if (name != null) {
                map.put(name, sql.toString().trim());
            }
            Map<String, String> expanded = new HashMap<>();
            for (Map.Entry<String, String> e : map.entrySet()) {
                expanded.put(e.getKey(), expand(resource, map, e.getValue(), 0));
            }
            return new SqlFile(resource, expanded);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** The class-path resource this file was read from. */
    String resource() {
        return resource;
    }

    private static final Pattern REFERENCE = Pattern.compile("\\{(\\w+)(?::(\\w+))?}");

    private static String expand(String resource, Map<String, String> blocks, String text, int depth) {
        if (depth > 4) {
            throw new IllegalStateException("references nested too deep (a cycle?) in " + resource + ": " + text);
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String block = blocks.get(m.group(1));
            if (block == null) {
                throw new IllegalStateException("no block '" + m.group(1) + "' in " + resource + " for {" + m.group(1) + "}");
            }
            String value = expand(resource, blocks, block, depth + 1);
            if (m.group(2) != null) {
                String alias = m.group(2);
                value = Stream.of(value.split(",")).map(c -> alias + "." + c.strip()).collect(Collectors.joining(", "));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    String get(String name) {
        String sql = statements.get(name);
        if (sql == null) {
            throw new IllegalStateException("no statement '" + name + "' in " + resource);
        }
        return sql;
    }

    /** Whether this dialect has a statement (some exist on PostgreSQL only). */
    boolean has(String name) {
        return statements.containsKey(name);
    }

    /** The statements of a multi-statement block, split at ';' line ends. */
    List<String> script(String name) {
        return Stream.of(get(name).split(";\\s*\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
