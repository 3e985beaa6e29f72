package io.jaqs.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A configured secret (a store password, a store encryption key) given by where to find it rather
 * than in plain text:
 * <ul>
 *   <li>{@code env:NAME}: the value of environment variable {@code NAME};</li>
 *   <li>{@code file:/path}: the contents of a file (UTF-8), one trailing line break removed
 *       (a Docker or Kubernetes secret file);</li>
 *   <li>{@code plain:text}, or any other value: the text itself.</li>
 * </ul>
 * A source that cannot be read (an unset variable, a missing or unreadable file) fails with an
 * {@link IllegalArgumentException} that names the setting and the source, never the secret.
 * {@link #toString()} shows the source only ({@code env:NAME}, {@code file:/path}, {@code plain:***}).
 */
public final class Secret {
    static final String ENV = "env:";
    static final String FILE = "file:";
    static final String PLAIN = "plain:";

    private final String setting;
    private final String spec;
    private final UnaryOperator<String> environment;

    private Secret(String setting, String spec, UnaryOperator<String> environment) {
        this.setting = setting;
        this.spec = spec;
        this.environment = environment;
    }

    /**
     * A secret as configured.
     *
     * @param setting the setting's name, for error messages ({@code storePassword})
     * @param spec {@code env:NAME}, {@code file:/path}, {@code plain:text} or a bare value; null: no secret
     * @return null when {@code spec} is null
     */
    public static Secret of(String setting, String spec) {
        return of(setting, spec, System::getenv);
    }

    /** {@link #of(String, String)} with another environment (tests). */
    public static Secret of(String setting, String spec, Map<String, String> environment) {
        return of(setting, spec, environment::get);
    }

    private static Secret of(String setting, String spec, UnaryOperator<String> environment) {
        return spec == null ? null : new Secret(Objects.requireNonNull(setting, "setting"), spec, environment);
    }

    /** The value of {@code spec}, null when {@code spec} is null; see {@link Secret}. */
    public static String resolve(String setting, String spec) {
        Secret s = of(setting, spec);
        return s == null ? null : s.value();
    }

    /**
     * Reads the secret now, from its source.
     *
     * @throws IllegalArgumentException when the source cannot be read (the message names the
     *         setting and the source, not the value)
     */
    public String value() {
        if (spec.startsWith(ENV)) {
            String name = spec.substring(ENV.length());
            if (name.isBlank()) {
                throw new IllegalArgumentException(setting + "=env:... names no environment variable: give env:NAME");
            }
            String v = environment.apply(name);
            if (v == null) {
                throw new IllegalArgumentException(setting + " comes from environment variable " + name
                        + ", which is not set");
            }
            return v;
        }
        if (spec.startsWith(FILE)) {
            String name = spec.substring(FILE.length());
            if (name.isBlank()) {
                throw new IllegalArgumentException(setting + "=file:... names no file: give file:/path");
            }
            String v;
            try {
                v = Files.readString(Path.of(name), StandardCharsets.UTF_8);
            } catch (IOException | InvalidPathException | SecurityException e) {
                throw new IllegalArgumentException(setting + " comes from file " + name + ", which cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (v.endsWith("\r\n")) {
                return v.substring(0, v.length() - 2);
            }
            return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
        }
        if (spec.startsWith(PLAIN)) {
            return spec.substring(PLAIN.length());
        }
        return spec;
    }

    /** Where the secret comes from, without its value: {@code env:NAME}, {@code file:/path} or {@code plain:***}. */
    public String source() {
        if (spec.startsWith(ENV) || spec.startsWith(FILE)) {
            return spec;
        }
        return PLAIN + "***";
    }

    /** The setting and the source, never the value. */
    @Override
    public String toString() {
        return setting + "=" + source();
    }
}
