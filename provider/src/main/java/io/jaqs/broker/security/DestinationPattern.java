package io.jaqs.broker.security;

import java.util.Arrays;
import java.util.List;

/**
 * A destination name pattern in ActiveMQ Artemis's wildcard grammar: {@code .} separates words,
 * {@code *} matches exactly one word, {@code #} any number of words (none included). A word that
 * holds {@code *} among other characters matches words of that shape ({@code orders-*} matches
 * {@code orders-eu}), since queue names (SQS rules) hold no dot but their {@code .fifo} suffix.
 * Queues and topics are named alike: {@code orders.*} matches the topic {@code orders.eu} and the
 * queue {@code orders.fifo}; {@code #} matches every destination.
 */
public final class DestinationPattern {
    private final String text;
    private final List<String> words;

    private DestinationPattern(String text) {
        this.text = text;
        this.words = Arrays.asList(text.split("\\.", -1));
    }

    /** Parses a pattern; throws IllegalArgumentException for an empty one or an empty word. */
    public static DestinationPattern parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("A destination pattern must not be empty (use # for every destination)");
        }
        for (String w : t.split("\\.", -1)) {
            if (w.isEmpty()) {
                throw new IllegalArgumentException("Destination pattern '" + t + "' has an empty word: '.' separates words");
            }
            if (w.contains("#") && !w.equals("#")) {
                throw new IllegalArgumentException("Destination pattern '" + t + "': # must be a word of its own");
            }
        }
        return new DestinationPattern(t);
    }

    public boolean matches(String destination) {
        if (destination == null || destination.isEmpty()) {
            return false;
        }
        return match(0, destination.split("\\.", -1), 0);
    }

    /** Whether this pattern matches every destination ({@code #}). */
    public boolean matchesEverything() {
        return words.stream().allMatch("#"::equals);
    }

    private boolean match(int p, String[] name, int n) {
        if (p == words.size()) {
            return n == name.length;
        }
        String w = words.get(p);
        if (w.equals("#")) {
            for (int k = n; k <= name.length; k++) {
                if (match(p + 1, name, k)) {
                    return true;
                }
            }
            return false;
        }
        return n < name.length && wordMatches(w, name[n]) && match(p + 1, name, n + 1);
    }

    private static boolean wordMatches(String pattern, String word) {
        if (pattern.equals("*")) {
            return !word.isEmpty();
        }
        if (!pattern.contains("*")) {
            return pattern.equals(word);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(parts[i]));
        }
        return word.matches(regex.toString());
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DestinationPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
