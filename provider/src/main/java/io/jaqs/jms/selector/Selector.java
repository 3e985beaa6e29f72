package io.jaqs.jms.selector;

import jakarta.jms.InvalidSelectorException;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed Jakarta Messaging message selector (Jakarta Messaging 3.1, section 3.8.1).
 *
 * <p>A selector is parsed once by {@link #parse(String)} into an immutable expression tree and can
 * then be evaluated against any number of messages, from any number of threads, by
 * {@link #matches(Function)}. Evaluation uses SQL three-valued logic; a message is selected only
 * when the selector evaluates to TRUE (never when it is FALSE or UNKNOWN).
 *
 * <p>Identifier values are supplied by a lookup function that returns the value of a message
 * property or header field, or {@code null} when it is absent. Supported value types are
 * {@link String}, {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer}, {@link Long},
 * {@link Float} and {@link Double}; a value of any other type is treated as NULL (unknown).
 * The header field {@code JMSDeliveryMode} is expected as the string {@code "PERSISTENT"} or
 * {@code "NON_PERSISTENT"}.
 */
public final class Selector {

    /** The selector that matches every message: what a null or blank selector string means. */
    public static final Selector ALL = new Selector("", null, Set.of());

    private final String text;
    private final Expression root;
    private final Set<String> identifiers;

    Selector(String text, Expression root, Set<String> identifiers) {
        this.text = text;
        this.root = root;
        this.identifiers = identifiers;
    }

    /**
     * Parses a message selector.
     *
     * @param selector the selector string; {@code null} or blank means "no selector"
     * @return the parsed selector, or {@link #ALL} for a null or blank selector
     * @throws InvalidSelectorException if the selector is not valid; the message names the
     *     problem and the 1-based column where it was found, e.g.
     *     {@code Invalid selector 'a = ': expected an expression at column 5}
     */
    public static Selector parse(String selector) throws InvalidSelectorException {
        if (selector == null || selector.isBlank()) {
            return ALL;
        }
        return new SelectorParser(selector).parse();
    }

    /**
     * Evaluates this selector against one message.
     *
     * @param identifiers returns the value of the named property or header field, or {@code null}
     *     when the message has no such value
     * @return {@code true} only when the selector evaluates to TRUE for this message
     */
    public boolean matches(Function<String, Object> identifiers) {
        return root == null || root.test(identifiers) == Expression.TRUE;
    }

    /** The original selector string ({@code ""} for {@link #ALL}). */
    public String text() {
        return text;
    }

    /** Whether this selector matches every message (it was null or blank). */
    public boolean isAll() {
        return root == null;
    }

    /** The names of the identifiers (properties and header fields) the selector references. */
    public Set<String> identifiers() {
        return identifiers;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return isAll() ? "Selector.ALL" : "Selector[" + text + "]";
    }
}
