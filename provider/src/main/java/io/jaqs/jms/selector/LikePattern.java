package io.jaqs.jms.selector;

import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern: {@code _} matches any single character, {@code %} any sequence of
 * characters (including none), the optional escape character makes the character after it stand
 * for itself, and every other character stands for itself. The match is anchored at both ends.
 *
 * <p>Common shapes ({@code 'abc'}, {@code 'abc%'}, {@code '%abc'}, {@code '%abc%'}, {@code '%'}) are
 * matched with plain string operations; everything else is compiled once into a regular
 * expression in which literal text is quoted.
 */
final class LikePattern {

    private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, ANYTHING, REGEX }

    private final Kind kind;
    private final String literal;
    private final Pattern regex;

    /** Thrown for a pattern that ends with the escape character; carries the offending index. */
    static final class InvalidPatternException extends Exception {
        private static final long serialVersionUID = 1L;
        final int index;

        InvalidPatternException(String message, int index) {
            super(message, null, false, false);
            this.index = index;
        }
    }

    private LikePattern(Kind kind, String literal, Pattern regex) {
        this.kind = kind;
        this.literal = literal;
        this.regex = regex;
    }

    /**
     * Compiles a LIKE pattern.
     *
     * @param pattern the pattern text (the string literal's value)
     * @param escape the escape code point, or -1 for none
     */
    static LikePattern compile(String pattern, int escape) throws InvalidPatternException {
        StringBuilder regex = new StringBuilder(pattern.length() + 8);
        StringBuilder run = new StringBuilder(); // pending literal text
        StringBuilder literalOnly = new StringBuilder();
        int leadingPercents = 0;
        int trailingPercents = 0; // '%' count since the last non-'%' element
        boolean anyUnderscore = false;
        boolean innerPercent = false; // a '%' with literal text on both sides
        boolean seenLiteral = false;
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == escape) {
                if (next >= pattern.length()) {
                    throw new InvalidPatternException("LIKE pattern ends with the escape character", i);
                }
                int escaped = pattern.codePointAt(next);
                run.appendCodePoint(escaped);
                literalOnly.appendCodePoint(escaped);
                if (trailingPercents > 0 && seenLiteral) {
                    innerPercent = true;
                }
                trailingPercents = 0;
                seenLiteral = true;
                i = next + Character.charCount(escaped);
                continue;
            }
            if (cp == '%' || cp == '_') {
                if (run.length() > 0) {
                    regex.append(Pattern.quote(run.toString()));
                    run.setLength(0);
                }
                if (cp == '%') {
                    regex.append(".*");
                    if (seenLiteral || anyUnderscore) {
                        trailingPercents++;
                    } else {
                        leadingPercents++;
                    }
                } else {
                    regex.append('.');
                    anyUnderscore = true;
                }
            } else {
                run.appendCodePoint(cp);
                literalOnly.appendCodePoint(cp);
                if (trailingPercents > 0 && seenLiteral) {
                    innerPercent = true;
                }
                trailingPercents = 0;
                seenLiteral = true;
            }
            i = next;
        }
        if (run.length() > 0) {
            regex.append(Pattern.quote(run.toString()));
        }
        if (!anyUnderscore && !innerPercent) {
            String lit = literalOnly.toString();
            if (!seenLiteral) {
                return new LikePattern(leadingPercents > 0 ? Kind.ANYTHING : Kind.EXACT, "", null);
            }
            boolean lead = leadingPercents > 0;
            boolean trail = trailingPercents > 0;
            Kind kind = lead && trail ? Kind.CONTAINS : lead ? Kind.SUFFIX : trail ? Kind.PREFIX : Kind.EXACT;
            return new LikePattern(kind, lit, null);
        }
        return new LikePattern(Kind.REGEX, null, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String s) {
        switch (kind) {
            case EXACT: return s.equals(literal);
            case PREFIX: return s.startsWith(literal);
            case SUFFIX: return s.endsWith(literal);
            case CONTAINS: return s.contains(literal);
            case ANYTHING: return true;
            default: return regex.matcher(s).matches();
        }
    }
}
