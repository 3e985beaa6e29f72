package io.jaqs.jms.selector;

import io.jaqs.jms.selector.Expression.Identifier;
import io.jaqs.jms.selector.Expression.Literal;
import io.jaqs.jms.selector.Expression.Op;
import io.jaqs.jms.selector.Expression.Type;
import jakarta.jms.InvalidSelectorException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hand-written recursive-descent parser for the Jakarta Messaging 3.1 message selector grammar
 * (section 3.8.1). Grammar, lowest precedence first:
 *
 * <pre>
 * selector   := or EOF
 * or         := and ( OR and )*
 * and        := not ( AND not )*
 * not        := NOT not | predicate
 * predicate  := sum [ ( '=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' ) sum
 *                   | [NOT] BETWEEN sum AND sum
 *                   | [NOT] IN '(' string ( ',' string )* ')'          -- left side: identifier
 *                   | [NOT] LIKE string [ ESCAPE string ]               -- left side: identifier
 *                   | IS [NOT] NULL ]                                   -- left side: identifier
 * sum        := product ( ( '+' | '-' ) product )*
 * product    := unary ( ( '*' | '/' ) unary )*
 * unary      := ( '+' | '-' ) unary | primary
 * primary    := '(' or ')' | string | number | TRUE | FALSE | identifier
 * </pre>
 *
 * Keywords are case-insensitive; identifiers are case-sensitive. Static types are checked while
 * parsing (see {@link Type}): operands of NOT/AND/OR and the whole selector must be boolean or
 * identifiers; arithmetic operands must be numeric or identifiers; an ordering comparison whose two
 * sides both have a known type must compare two numeric values.
 */
final class SelectorParser {

    /** Maximum nesting of parentheses / NOT / unary signs, to keep recursion bounded. */
    static final int MAX_NESTING = 200;
    /** Maximum height of the expression tree (long AND/OR chains are flattened and do not count). */
    static final int MAX_DEPTH = 1000;

    private static final Set<String> HEADER_FIELDS = Set.of(
            "JMSDeliveryMode", "JMSPriority", "JMSMessageID", "JMSTimestamp", "JMSCorrelationID", "JMSType");

    private enum Keyword { NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE }

    private enum Kind {
        EOF, IDENTIFIER, KEYWORD, STRING, EXACT_NUMBER, APPROX_NUMBER,
        LPAREN, RPAREN, COMMA, EQ, NE, LT, LE, GT, GE, PLUS, MINUS, STAR, SLASH
    }

    /** A token: kind, start index and end index in the text, plus the decoded value. */
    private static final class Token {
        final Kind kind;
        final int start;
        final int end;
        final Keyword keyword;
        final String value; // identifier name, string literal value, or number digits

        Token(Kind kind, int start, int end, Keyword keyword, String value) {
            this.kind = kind;
            this.start = start;
            this.end = end;
            this.keyword = keyword;
            this.value = value;
        }

        boolean is(Keyword k) {
            return kind == Kind.KEYWORD && keyword == k;
        }
    }

    private final String text;
    private int pos; // lexer position: index after the current token
    private Token token; // current token
    private int nesting;
    private final Set<String> identifiers = new LinkedHashSet<>();

    SelectorParser(String text) {
        this.text = text;
    }

    Selector parse() throws InvalidSelectorException {
        advance();
        Expression root = parseOr();
        if (token.kind != Kind.EOF) {
            if (token.kind == Kind.RPAREN) {
                throw error("unbalanced ')'", token.start);
            }
            throw error("unexpected " + describe(token) + " after the end of the expression", token.start);
        }
        if (root.type() != Type.BOOLEAN && root.type() != Type.ANY) {
            throw error("the selector must be a conditional (boolean) expression, but this is a "
                    + root.type().description + " expression", root.position);
        }
        return new Selector(text, root, Collections.unmodifiableSet(identifiers));
    }

    // ------------------------------------------------------------------ grammar

    private Expression parseOr() throws InvalidSelectorException {
        Expression first = parseAnd();
        if (!token.is(Keyword.OR)) {
            return first;
        }
        List<Expression> operands = new ArrayList<>();
        operands.add(requireBoolean(first, "OR"));
        while (token.is(Keyword.OR)) {
            advance();
            operands.add(requireBoolean(parseAnd(), "OR"));
        }
        return checkDepth(new Expression.Or(first.position, operands.toArray(new Expression[0])));
    }

    private Expression parseAnd() throws InvalidSelectorException {
        Expression first = parseNot();
        if (!token.is(Keyword.AND)) {
            return first;
        }
        List<Expression> operands = new ArrayList<>();
        operands.add(requireBoolean(first, "AND"));
        while (token.is(Keyword.AND)) {
            advance();
            operands.add(requireBoolean(parseNot(), "AND"));
        }
        return checkDepth(new Expression.And(first.position, operands.toArray(new Expression[0])));
    }

    private Expression parseNot() throws InvalidSelectorException {
        if (!token.is(Keyword.NOT)) {
            return parsePredicate();
        }
        int start = token.start;
        advance();
        enter(start);
        Expression operand = requireBoolean(parseNot(), "NOT");
        nesting--;
        return checkDepth(new Expression.Not(start, operand));
    }

    private Expression parsePredicate() throws InvalidSelectorException {
        Expression left = parseSum();
        Token t = token;
        Op op = comparisonOp(t.kind);
        if (op != null) {
            advance();
            Expression right = parseSum();
            // JMS 3.8.1.1: strings and booleans allow only = and <>; the TCK rejects an ordering
            // comparison as soon as one side is known not to be numeric (myProp > 'foo')
            if (op.isOrdering() && (knownNonNumeric(left) || knownNonNumeric(right))) {
                throw error("'" + op.symbol + "' can only compare numeric values, not a "
                        + left.type().description + " with a " + right.type().description
                        + " (strings and booleans allow only = and <>)", t.start);
            }
            if (!op.isOrdering() && left.type() != Type.ANY && right.type() != Type.ANY && left.type() != right.type()) {
                throw error("'" + op.symbol + "' compares a " + left.type().description + " with a "
                        + right.type().description + ", which can never be equal", t.start);
            }
            return checkDepth(new Expression.Comparison(left.position, op, left, right));
        }
        boolean negated = false;
        if (t.is(Keyword.NOT)) {
            advance();
            if (!token.is(Keyword.BETWEEN) && !token.is(Keyword.IN) && !token.is(Keyword.LIKE)) {
                throw error("expected BETWEEN, IN or LIKE after NOT but found " + describe(token), token.start);
            }
            negated = true;
        }
        if (token.is(Keyword.BETWEEN)) {
            return parseBetween(left, negated);
        }
        if (token.is(Keyword.IN)) {
            return parseIn(left, negated);
        }
        if (token.is(Keyword.LIKE)) {
            return parseLike(left, negated);
        }
        if (token.is(Keyword.IS)) {
            Identifier id = requireIdentifier(left, "IS NULL");
            advance();
            boolean not = false;
            if (token.is(Keyword.NOT)) {
                advance();
                not = true;
            }
            if (!token.is(Keyword.NULL)) {
                throw error("expected NULL after IS" + (not ? " NOT" : "") + " but found " + describe(token),
                        token.start);
            }
            advance();
            return new Expression.IsNull(left.position, id, not);
        }
        return left;
    }

    private static boolean knownNonNumeric(Expression e) {
        return e.type() != Type.ANY && e.type() != Type.NUMERIC;
    }

    private Expression parseBetween(Expression subject, boolean negated) throws InvalidSelectorException {
        Token between = token;
        advance();
        Expression low = parseSum();
        if (!token.is(Keyword.AND)) {
            throw error("expected AND in BETWEEN but found " + describe(token), token.start);
        }
        advance();
        Expression high = parseSum();
        for (Expression bound : new Expression[] {low, high}) {
            if (knownNonNumeric(subject) || knownNonNumeric(bound)) {
                throw error("BETWEEN can only compare numeric values, not a " + subject.type().description
                        + " with a " + bound.type().description, between.start);
            }
        }
        return checkDepth(new Expression.Between(subject.position, subject, low, high, negated));
    }

    private Expression parseIn(Expression subject, boolean negated) throws InvalidSelectorException {
        Identifier id = requireIdentifier(subject, "IN");
        advance();
        if (token.kind != Kind.LPAREN) {
            throw error("expected '(' after IN but found " + describe(token), token.start);
        }
        advance();
        if (token.kind == Kind.RPAREN) {
            throw error("the IN list must not be empty", token.start);
        }
        Set<String> values = new HashSet<>();
        while (true) {
            if (token.kind != Kind.STRING) {
                throw error("the IN list may contain only string literals, found " + describe(token), token.start);
            }
            values.add(token.value);
            advance();
            if (token.kind == Kind.COMMA) {
                advance();
            } else if (token.kind == Kind.RPAREN) {
                advance();
                break;
            } else {
                throw error("expected ',' or ')' in the IN list but found " + describe(token), token.start);
            }
        }
        return new Expression.In(subject.position, id, Set.copyOf(values), negated);
    }

    private Expression parseLike(Expression subject, boolean negated) throws InvalidSelectorException {
        Identifier id = requireIdentifier(subject, "LIKE");
        advance();
        if (token.kind != Kind.STRING) {
            throw error("the LIKE pattern must be a string literal, found " + describe(token), token.start);
        }
        Token pattern = token;
        advance();
        int escape = -1;
        if (token.is(Keyword.ESCAPE)) {
            advance();
            if (token.kind != Kind.STRING) {
                throw error("ESCAPE must be followed by a single-character string literal, found "
                        + describe(token), token.start);
            }
            String e = token.value;
            if (e.isEmpty() || e.codePointCount(0, e.length()) != 1) {
                throw error("the ESCAPE string must be exactly one character, found '"
                        + e.replace("'", "''") + "'", token.start);
            }
            escape = e.codePointAt(0);
            advance();
        }
        LikePattern compiled;
        try {
            compiled = LikePattern.compile(pattern.value, escape);
        } catch (LikePattern.InvalidPatternException ex) {
            throw error(ex.getMessage(), pattern.start);
        }
        return new Expression.Like(subject.position, id, compiled, negated);
    }

    private Expression parseSum() throws InvalidSelectorException {
        Expression left = parseProduct();
        while (token.kind == Kind.PLUS || token.kind == Kind.MINUS) {
            char op = token.kind == Kind.PLUS ? '+' : '-';
            advance();
            left = arithmetic(op, left, parseProduct());
        }
        return left;
    }

    private Expression parseProduct() throws InvalidSelectorException {
        Expression left = parseUnary();
        while (token.kind == Kind.STAR || token.kind == Kind.SLASH) {
            char op = token.kind == Kind.STAR ? '*' : '/';
            advance();
            left = arithmetic(op, left, parseUnary());
        }
        return left;
    }

    private Expression arithmetic(char op, Expression left, Expression right) throws InvalidSelectorException {
        requireNumeric(left, op);
        requireNumeric(right, op);
        if (left instanceof Literal && right instanceof Literal) { // constant folding
            Object l = left.value(null);
            Object r = right.value(null);
            Object v = l instanceof Number a && r instanceof Number b ? Expression.Arithmetic.apply(op, a, b) : null;
            return new Literal(left.position, v, Type.NUMERIC);
        }
        return checkDepth(new Expression.Arithmetic(left.position, op, left, right));
    }

    private Expression parseUnary() throws InvalidSelectorException {
        if (token.kind != Kind.PLUS && token.kind != Kind.MINUS) {
            return parsePrimary();
        }
        boolean negate = token.kind == Kind.MINUS;
        int start = token.start;
        advance();
        if (token.kind == Kind.EXACT_NUMBER || token.kind == Kind.APPROX_NUMBER) {
            // a signed numeric literal; handled here so that -9223372036854775808 is in range
            Expression literal = number(token, negate, start);
            advance();
            return literal;
        }
        enter(start);
        Expression operand = parseUnary();
        nesting--;
        requireNumeric(operand, negate ? '-' : '+');
        if (operand instanceof Literal) {
            return new Literal(start, new Expression.Sign(start, operand, negate).value(null), Type.NUMERIC);
        }
        return checkDepth(new Expression.Sign(start, operand, negate));
    }

    private Expression parsePrimary() throws InvalidSelectorException {
        Token t = token;
        switch (t.kind) {
            case LPAREN: {
                advance();
                enter(t.start);
                Expression inner = parseOr();
                nesting--;
                if (token.kind != Kind.RPAREN) {
                    throw error((token.kind == Kind.EOF ? "missing ')'" : "expected ')' but found " + describe(token))
                            + " to match the '(' opened at position " + (t.start + 1), token.start);
                }
                advance();
                return inner;
            }
            case STRING:
                advance();
                return new Literal(t.start, t.value, Type.STRING);
            case EXACT_NUMBER:
            case APPROX_NUMBER:
                advance();
                return number(t, false, t.start);
            case IDENTIFIER:
                checkIdentifierName(t);
                identifiers.add(t.value);
                advance();
                return new Identifier(t.start, t.value);
            case KEYWORD:
                if (t.keyword == Keyword.TRUE || t.keyword == Keyword.FALSE) {
                    advance();
                    return new Literal(t.start, t.keyword == Keyword.TRUE, Type.BOOLEAN);
                }
                if (t.keyword == Keyword.NULL) {
                    throw error("NULL may only be used in IS NULL or IS NOT NULL", t.start);
                }
                throw error("expected an expression but found the reserved word " + describe(t)
                        + " (reserved words cannot be used as identifiers)", t.start);
            case EOF:
                throw error("expected an expression", t.start);
            default:
                throw error("expected an expression but found " + describe(t), t.start);
        }
    }

    /** A Java integer literal: decimal, 0x hexadecimal, 0b binary, or octal with a leading 0. */
    private long parseInteger(String v, boolean negate, int at) throws InvalidSelectorException {
        String sign = negate ? "-" : "";
        if (v.length() > 2 && (v.startsWith("0x") || v.startsWith("0X"))) {
            return Long.parseLong(sign + v.substring(2), 16);
        }
        if (v.length() > 2 && (v.startsWith("0b") || v.startsWith("0B"))) {
            return Long.parseLong(sign + v.substring(2), 2);
        }
        if (v.length() > 1 && v.charAt(0) == '0') {
            try {
                return Long.parseLong(sign + v.substring(1), 8);
            } catch (NumberFormatException e) {
                throw error("the octal literal " + v + " has a digit that is not octal (0-7)", at);
            }
        }
        return Long.parseLong(sign + v);
    }

    private Literal number(Token t, boolean negate, int start) throws InvalidSelectorException {
        if (t.kind == Kind.EXACT_NUMBER) {
            try {
                return new Literal(start, parseInteger(t.value, negate, t.start), Type.NUMERIC);
            } catch (NumberFormatException e) {
                throw error("the integer literal " + text.substring(t.start, t.end)
                        + " is out of the range of a Java long", t.start);
            }
        }
        double d;
        try {
            d = Double.parseDouble(t.value);
        } catch (NumberFormatException e) {
            throw error("malformed numeric literal " + text.substring(t.start, t.end), t.start);
        }
        if (Double.isInfinite(d)) {
            throw error("the numeric literal " + text.substring(t.start, t.end)
                    + " is out of the range of a Java double", t.start);
        }
        return new Literal(start, negate ? -d : d, Type.NUMERIC);
    }

    private void checkIdentifierName(Token t) throws InvalidSelectorException {
        String name = t.value;
        if (name.startsWith("JMS") && !name.startsWith("JMSX") && !name.startsWith("JMS_")
                && !HEADER_FIELDS.contains(name)) {
            throw error("'" + name + "' cannot be used in a selector: the only header fields allowed are "
                    + "JMSDeliveryMode, JMSPriority, JMSMessageID, JMSTimestamp, JMSCorrelationID and JMSType, "
                    + "and other names starting with JMS are reserved", t.start);
        }
    }

    // ------------------------------------------------------------------ checks

    private Expression requireBoolean(Expression e, String operator) throws InvalidSelectorException {
        if (e.type() != Type.BOOLEAN && e.type() != Type.ANY) {
            throw error(operator + " requires a conditional (boolean) operand, but this is a "
                    + e.type().description + " expression", e.position);
        }
        return e;
    }

    private void requireNumeric(Expression e, char op) throws InvalidSelectorException {
        if (e.type() != Type.NUMERIC && e.type() != Type.ANY) {
            throw error("arithmetic operator '" + op + "' requires numeric operands, but this is a "
                    + e.type().description + " expression", e.position);
        }
    }

    private Identifier requireIdentifier(Expression e, String operator) throws InvalidSelectorException {
        if (e instanceof Identifier id) {
            return id;
        }
        throw error(operator + " can only be applied to an identifier, but this is a "
                + e.type().description + " expression", e.position);
    }

    private void enter(int start) throws InvalidSelectorException {
        if (++nesting > MAX_NESTING) {
            throw error("the selector is nested too deeply (more than " + MAX_NESTING + " levels)", start);
        }
    }

    private Expression checkDepth(Expression e) throws InvalidSelectorException {
        if (e.depth > MAX_DEPTH) {
            throw error("the selector expression is too deeply nested (more than " + MAX_DEPTH + " levels)",
                    e.position);
        }
        return e;
    }

    private static Op comparisonOp(Kind kind) {
        switch (kind) {
            case EQ: return Op.EQ;
            case NE: return Op.NE;
            case LT: return Op.LT;
            case LE: return Op.LE;
            case GT: return Op.GT;
            case GE: return Op.GE;
            default: return null;
        }
    }

    private String describe(Token t) {
        if (t.kind == Kind.EOF) {
            return "the end of the selector";
        }
        return "'" + text.substring(t.start, t.end) + "'";
    }

    private InvalidSelectorException error(String problem, int index) {
        return new InvalidSelectorException("Invalid selector '" + text + "': " + problem + " at column " + (index + 1));
    }

    // ------------------------------------------------------------------ lexer

    private void advance() throws InvalidSelectorException {
        token = lex();
    }

    private Token lex() throws InvalidSelectorException {
        int n = text.length();
        while (pos < n && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= n) {
            return new Token(Kind.EOF, n, n, null, null);
        }
        char c = text.charAt(pos);
        switch (c) {
            case '(': pos++; return new Token(Kind.LPAREN, start, pos, null, null);
            case ')': pos++; return new Token(Kind.RPAREN, start, pos, null, null);
            case ',': pos++; return new Token(Kind.COMMA, start, pos, null, null);
            case '+': pos++; return new Token(Kind.PLUS, start, pos, null, null);
            case '-': pos++; return new Token(Kind.MINUS, start, pos, null, null);
            case '*': pos++; return new Token(Kind.STAR, start, pos, null, null);
            case '/': pos++; return new Token(Kind.SLASH, start, pos, null, null);
            case '=': pos++; return new Token(Kind.EQ, start, pos, null, null);
            case '<':
                pos++;
                if (pos < n && text.charAt(pos) == '>') {
                    pos++;
                    return new Token(Kind.NE, start, pos, null, null);
                }
                if (pos < n && text.charAt(pos) == '=') {
                    pos++;
                    return new Token(Kind.LE, start, pos, null, null);
                }
                return new Token(Kind.LT, start, pos, null, null);
            case '>':
                pos++;
                if (pos < n && text.charAt(pos) == '=') {
                    pos++;
                    return new Token(Kind.GE, start, pos, null, null);
                }
                return new Token(Kind.GT, start, pos, null, null);
            case '\'':
                return lexString(start);
            case '!':
                if (pos + 1 < n && text.charAt(pos + 1) == '=') {
                    throw error("'!=' is not a selector operator (use '<>')", start);
                }
                break;
            case '"':
                throw error("unexpected '\"' (string literals are enclosed in single quotes)", start);
            default:
                break;
        }
        if ((c >= '0' && c <= '9') || (c == '.' && pos + 1 < n && isDigit(text.charAt(pos + 1)))) {
            return lexNumber(start);
        }
        int cp = text.codePointAt(pos);
        if (Character.isJavaIdentifierStart(cp)) {
            pos += Character.charCount(cp);
            while (pos < n) {
                int p = text.codePointAt(pos);
                if (!Character.isJavaIdentifierPart(p)) {
                    break;
                }
                pos += Character.charCount(p);
            }
            String word = text.substring(start, pos);
            Keyword k = keyword(word);
            if (k != null) {
                return new Token(Kind.KEYWORD, start, pos, k, word);
            }
            return new Token(Kind.IDENTIFIER, start, pos, null, word);
        }
        throw error("unexpected character '" + new String(Character.toChars(cp)) + "'", start);
    }

    private static Keyword keyword(String word) {
        if (word.length() < 2 || word.length() > 7) {
            return null;
        }
        switch (word.toUpperCase(Locale.ROOT)) {
            case "NULL": return Keyword.NULL;
            case "TRUE": return Keyword.TRUE;
            case "FALSE": return Keyword.FALSE;
            case "NOT": return Keyword.NOT;
            case "AND": return Keyword.AND;
            case "OR": return Keyword.OR;
            case "BETWEEN": return Keyword.BETWEEN;
            case "LIKE": return Keyword.LIKE;
            case "IN": return Keyword.IN;
            case "IS": return Keyword.IS;
            case "ESCAPE": return Keyword.ESCAPE;
            default: return null;
        }
    }

    private Token lexString(int start) throws InvalidSelectorException {
        int n = text.length();
        StringBuilder sb = null;
        int i = start + 1;
        int runStart = i;
        while (true) {
            if (i >= n) {
                throw error("unterminated string literal", start);
            }
            char ch = text.charAt(i);
            if (ch == '\'') {
                if (i + 1 < n && text.charAt(i + 1) == '\'') { // '' is an escaped quote
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(text, runStart, i + 1);
                    i += 2;
                    runStart = i;
                    continue;
                }
                String value = sb == null ? text.substring(runStart, i) : sb.append(text, runStart, i).toString();
                pos = i + 1;
                return new Token(Kind.STRING, start, pos, null, value);
            }
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Exact numeric literal: digits, with an optional L suffix. Approximate numeric literal: digits
     * with a decimal point and/or an exponent ({@code 7E3 -57.9E2 7. .5 1.5}), or any numeric
     * literal with an F or D suffix. Signs are unary operators, handled by the parser.
     */
    private Token lexNumber(int start) throws InvalidSelectorException {
        int n = text.length();
        int i = start;
        // Java integer literals (JMS 3.8.1.1): 0x1d hexadecimal and 0b11101 binary; 035 is octal (see number())
        if (text.charAt(i) == '0' && i + 1 < n && "xXbB".indexOf(text.charAt(i + 1)) >= 0) {
            boolean hex = Character.toLowerCase(text.charAt(i + 1)) == 'x';
            int d = i + 2;
            while (d < n && (hex ? Character.digit(text.charAt(d), 16) >= 0 : text.charAt(d) == '0' || text.charAt(d) == '1')) {
                d++;
            }
            int valueEnd = d;
            if (d < n && (text.charAt(d) == 'l' || text.charAt(d) == 'L')) {
                d++;
            }
            if (valueEnd == i + 2 || (d < n && Character.isJavaIdentifierPart(text.codePointAt(d)))) {
                throw error("malformed numeric literal '" + text.substring(start, Math.min(n, d + 1)) + "'", start);
            }
            pos = d;
            return new Token(Kind.EXACT_NUMBER, start, d, null, text.substring(start, valueEnd));
        }
        boolean approx = false;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i < n && text.charAt(i) == '.') {
            approx = true;
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            approx = true;
            int e = i + 1;
            if (e < n && (text.charAt(e) == '+' || text.charAt(e) == '-')) {
                e++;
            }
            if (e >= n || !isDigit(text.charAt(e))) {
                throw error("malformed exponent in numeric literal", start);
            }
            i = e;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        }
        int valueEnd = i;
        if (i < n) {
            char s = text.charAt(i);
            if (s == 'f' || s == 'F' || s == 'd' || s == 'D') {
                approx = true;
                i++;
            } else if ((s == 'l' || s == 'L') && !approx) {
                i++;
            }
        }
        if (i < n && Character.isJavaIdentifierPart(text.codePointAt(i))) {
            throw error("malformed numeric literal '" + text.substring(start, i + 1) + "'", start);
        }
        if (i < n && text.charAt(i) == '.') {
            throw error("malformed numeric literal '" + text.substring(start, i + 1) + "'", start);
        }
        pos = i;
        return new Token(approx ? Kind.APPROX_NUMBER : Kind.EXACT_NUMBER, start, i, null,
                text.substring(start, valueEnd));
    }
}
