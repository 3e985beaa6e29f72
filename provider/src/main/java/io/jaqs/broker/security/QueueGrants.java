package io.jaqs.broker.security;

import io.jaqs.broker.BrokerException;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Jsons;
import io.jaqs.broker.Limits;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The grants of a queue's {@code Policy} attribute, the statements SQS's AddPermission writes:
 * {@code {"Sid": label, "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::<id>:root"]},
 * "Action": ["SQS:SendMessage"], "Resource": arn}}. In Jaqs an account id names a user (an SQS
 * access key id, a JMS user) or a role, and the SQS actions map onto the permission model's
 * {@link Action}s: SendMessage → send; ReceiveMessage, DeleteMessage, ChangeMessageVisibility →
 * consume; GetQueueAttributes → reading the queue's attributes and counts (what any action on a
 * queue allows); GetQueueUrl → nothing (anyone may look a URL up); {@code *} → send, consume,
 * browse, deleteQueue and manage on this queue. Grants only add to what the configured roles allow.
 *
 * <p>The one place that reads and writes the Policy's statements: the SQS endpoint's
 * AddPermission/RemovePermission build new Policy text here, {@link AuthorizingBroker} reads grants
 * here. Reading is lenient (a Policy set by hand that is not a statement list grants nothing);
 * only {@code Allow} statements without a {@code Condition} grant, and Deny statements take nothing
 * away from the configured permissions (Jaqs has no deny).
 */
public final class QueueGrants {
    /** No statements: grants nothing. */
    public static final QueueGrants NONE = new QueueGrants(List.of());

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1," + Limits.MAX_PERMISSION_LABEL_LENGTH + "}");
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9_+=,.@-]{1," + Limits.MAX_PRINCIPAL_NAME_LENGTH + "}");
    private static final String ARN_PREFIX = "arn:aws:iam::";
    private static final String ARN_SUFFIX = ":root";
    private static final String ACTION_PREFIX = "SQS:";

    /** The SQS actions AddPermission accepts, and the Jaqs actions each grants. */
    private static final Map<String, Set<Action>> SQS_ACTIONS = sqsActions();
    /** The SQS actions whose grant lets a principal read the queue's attributes and counts. */
    private static final String GET_QUEUE_ATTRIBUTES = "GetQueueAttributes";

    /** One Allow statement: its label, the principals it names (account ids as written) and its SQS actions. */
    record Statement(String sid, Set<String> principals, Set<String> sqsActions) {
    }

    private final List<Statement> statements;

    private QueueGrants(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    private static Map<String, Set<Action>> sqsActions() {
        Map<String, Set<Action>> m = new LinkedHashMap<>();
        m.put("SendMessage", EnumSet.of(Action.SEND));
        m.put("ReceiveMessage", EnumSet.of(Action.CONSUME));
        m.put("DeleteMessage", EnumSet.of(Action.CONSUME));
        m.put("ChangeMessageVisibility", EnumSet.of(Action.CONSUME));
        m.put(GET_QUEUE_ATTRIBUTES, EnumSet.noneOf(Action.class));
        m.put("GetQueueUrl", EnumSet.noneOf(Action.class));
        // SQS shares only the message actions and reads: deleting the queue, its attributes and AddPermission
        // stay with its owner, so "*" cannot hand on the right to grant. Not manage (it includes AddPermission)
        // and not deleteQueue.
        m.put("*", EnumSet.of(Action.SEND, Action.CONSUME, Action.BROWSE));
        return Collections.unmodifiableMap(m);
    }

    // ---------------------------------------------------------------- reading

    /** The grants of a Policy attribute's text (null, blank or not a statement list: none). */
    public static QueueGrants parse(String policy) {
        JsonObject o = read(policy);
        if (o == null) {
            return NONE;
        }
        List<Statement> out = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("Statement")) {
            if (v instanceof JsonObject s && "Allow".equals(string(s, "Effect")) && !s.containsKey("Condition")) {
                Set<String> principals = new LinkedHashSet<>();
                if (s.get("Principal") instanceof JsonObject p) {
                    for (String a : strings(p.get("AWS"))) {
                        principals.add(accountOf(a));
                    }
                }
                Set<String> actions = new LinkedHashSet<>();
                for (String a : strings(s.get("Action"))) {
                    actions.add(a.regionMatches(true, 0, ACTION_PREFIX, 0, ACTION_PREFIX.length()) ? a.substring(ACTION_PREFIX.length()) : a);
                }
                out.add(new Statement(string(s, "Sid"), principals, actions));
            }
        }
        return out.isEmpty() ? NONE : new QueueGrants(out);
    }

    /** Whether a statement naming one of the principals (a user and its roles) grants the action. */
    public boolean allows(Collection<String> principals, Action action) {
        for (Statement s : statements) {
            if (names(s, principals)) {
                for (String a : s.sqsActions()) {
                    Set<Action> granted = SQS_ACTIONS.get(a);
                    if (granted != null && granted.contains(action)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Whether the principals may read the queue's attributes and counts: GetQueueAttributes or any action granted. */
    public boolean allowsReading(Collection<String> principals) {
        for (Statement s : statements) {
            if (names(s, principals)) {
                for (String a : s.sqsActions()) {
                    Set<Action> granted = SQS_ACTIONS.get(a);
                    if (GET_QUEUE_ATTRIBUTES.equals(a) || granted != null && !granted.isEmpty()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    List<Statement> statements() {
        return statements;
    }

    private static boolean names(Statement s, Collection<String> principals) {
        return !Collections.disjoint(s.principals(), principals);
    }

    /** "arn:aws:iam::app:root" → "app"; an id given bare stays as it is. */
    private static String accountOf(String principal) {
        if (principal.startsWith(ARN_PREFIX) && principal.endsWith(ARN_SUFFIX)
                && principal.length() > ARN_PREFIX.length() + ARN_SUFFIX.length()) {
            return principal.substring(ARN_PREFIX.length(), principal.length() - ARN_SUFFIX.length());
        }
        return principal;
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    /** A string or an array of strings (IAM allows both), as a list; anything else: empty. */
    private static List<String> strings(JsonValue v) {
        List<String> out = new ArrayList<>();
        if (v instanceof JsonString s) {
            out.add(s.getString());
        } else if (v instanceof JsonArray a) {
            for (JsonValue e : a) {
                if (e instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    /** The Policy as an object with a Statement array, or null. */
    private static JsonObject read(String policy) {
        if (policy == null || policy.isBlank()) {
            return null;
        }
        try {
            JsonObject o = Jsons.reader(new StringReader(policy)).readObject();
            return o.get("Statement") instanceof JsonArray ? o : null;
        } catch (JsonException | ClassCastException | IllegalStateException e) {
            return null; // a Policy set by hand that is not a statement list grants nothing
        }
    }

    // ---------------------------------------------------------------- writing (AddPermission, RemovePermission)

    /**
     * The Policy text with one more statement, as AddPermission writes it.
     *
     * @param policy   the queue's Policy now (null or not a statement list: a new policy is started)
     * @param queueArn the statement's Resource
     * @throws BrokerException MissingParameter for no account or action, InvalidParameterValue for a
     *         bad label, account id or action or a label already used, OverLimit beyond SQS's policy quotas
     */
    public static String withPermission(String policy, String queueArn, String label, List<String> accounts, List<String> actions) {
        checkLabel(label);
        if (accounts == null || accounts.isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "The request must contain the parameter AWSAccountIds.");
        }
        if (actions == null || actions.isEmpty()) {
            throw new BrokerException(ErrorCode.MISSING_PARAMETER, "The request must contain the parameter Actions.");
        }
        if (actions.size() > Limits.MAX_POLICY_STATEMENT_ACTIONS) {
            throw new BrokerException(ErrorCode.OVER_LIMIT, actions.size() + " Actions were found, maximum allowed is "
                    + Limits.MAX_POLICY_STATEMENT_ACTIONS + ".");
        }
        JsonArrayBuilder principals = Jsons.array();
        Set<String> newPrincipals = new LinkedHashSet<>();
        for (String a : accounts) {
            if (a == null || !PRINCIPAL.matcher(a).matches()) {
                throw new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE, "Value " + a + " for parameter AWSAccountIds is invalid."
                        + " Reason: an account id is a Jaqs user or role name (or a 12-digit AWS account id): 1 to "
                        + Limits.MAX_PRINCIPAL_NAME_LENGTH + " characters of A-Z a-z 0-9 _ + = , . @ -.");
            }
            if (newPrincipals.add(a)) {
                principals.add(ARN_PREFIX + a + ARN_SUFFIX);
            }
        }
        JsonArrayBuilder sqsActions = Jsons.array();
        for (String a : actions) {
            String name = a != null && a.regionMatches(true, 0, ACTION_PREFIX, 0, ACTION_PREFIX.length()) ? a.substring(ACTION_PREFIX.length()) : a;
            if (name == null || !SQS_ACTIONS.containsKey(name)) {
                throw new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE, "Value " + ACTION_PREFIX + a
                        + " for parameter ActionName is invalid. Reason: Jaqs maps these SQS actions onto its permissions: "
                        + String.join(", ", SQS_ACTIONS.keySet()) + " (the others need the manage permission of a role).");
            }
            sqsActions.add(ACTION_PREFIX + name);
        }
        JsonObject current = read(policy);
        if (current == null) {
            current = Jsons.object().add("Version", "2012-10-17").add("Id", queueArn + "/SQSDefaultPolicy")
                    .add("Statement", Jsons.array()).build();
        }
        JsonArray statements = current.getJsonArray("Statement");
        int principalCount = newPrincipals.size();
        for (JsonValue s : statements) {
            if (s instanceof JsonObject o) {
                if (label.equals(string(o, "Sid"))) {
                    throw new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE, "Value " + label
                            + " for parameter Label is invalid. Reason: Already exists.");
                }
                if (o.get("Principal") instanceof JsonObject p) {
                    principalCount += strings(p.get("AWS")).size();
                }
            }
        }
        if (statements.size() + 1 > Limits.MAX_POLICY_STATEMENTS) {
            throw new BrokerException(ErrorCode.OVER_LIMIT, "The queue's Policy has " + statements.size()
                    + " statements, the maximum allowed is " + Limits.MAX_POLICY_STATEMENTS + "; remove a permission first.");
        }
        if (principalCount > Limits.MAX_POLICY_PRINCIPALS) {
            throw new BrokerException(ErrorCode.OVER_LIMIT, "The queue's Policy would name " + principalCount
                    + " principals, the maximum allowed is " + Limits.MAX_POLICY_PRINCIPALS + ".");
        }
        JsonObject statement = Jsons.object()
                .add("Sid", label).add("Effect", "Allow")
                .add("Principal", Jsons.object().add("AWS", principals))
                .add("Action", sqsActions).add("Resource", queueArn).build();
        return Jsons.object(current).add("Statement", Jsons.array(statements).add(statement)).build().toString();
    }

    /**
     * The Policy text without the statement of that label, as RemovePermission writes it.
     *
     * @throws BrokerException InvalidParameterValue for a bad label or one the Policy does not have
     */
    public static String withoutPermission(String policy, String label) {
        checkLabel(label);
        JsonObject current = read(policy);
        JsonArrayBuilder kept = Jsons.array();
        boolean found = false;
        if (current != null) {
            for (JsonValue s : current.getJsonArray("Statement")) {
                if (s instanceof JsonObject o && label.equals(string(o, "Sid"))) {
                    found = true;
                } else {
                    kept.add(s);
                }
            }
        }
        if (!found) {
            throw new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE, "Value " + label
                    + " for parameter Label is invalid. Reason: can't find label on existing policy.");
        }
        return Jsons.object(current).add("Statement", kept).build().toString();
    }

    private static void checkLabel(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new BrokerException(ErrorCode.INVALID_PARAMETER_VALUE, "Value " + label + " for parameter Label is invalid."
                    + " Reason: a label is 1 to " + Limits.MAX_PERMISSION_LABEL_LENGTH + " characters of A-Z a-z 0-9 - _.");
        }
    }

    @Override
    public String toString() {
        return "QueueGrants" + statements;
    }
}
