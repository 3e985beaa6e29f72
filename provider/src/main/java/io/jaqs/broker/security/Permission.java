package io.jaqs.broker.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One grant: roles may do actions on the destinations a pattern matches. The text form, entries
 * separated by {@code ;} (or new lines), is {@code <actions>:<pattern>:<roles>} with comma-separated
 * actions and roles, e.g. {@code send,consume:orders.*:app; browse,manage:#:admin}. Grants add up: a
 * user may do what any grant of any of its roles allows; there is no deny.
 */
public record Permission(Set<Action> actions, DestinationPattern pattern, Set<String> roles) {
    public Permission {
        actions = Collections.unmodifiableSet(EnumSet.copyOf(actions));
        roles = Set.copyOf(roles);
    }

    public boolean grants(Set<String> userRoles, Action action, String destination) {
        return actions.contains(action) && !Collections.disjoint(roles, userRoles) && pattern.matches(destination);
    }

    /** Parses the text form; throws IllegalArgumentException naming the entry and the rule. */
    public static List<Permission> parseList(String text) {
        List<Permission> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String raw : text.split("[;\\n]")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] f = entry.split(":", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("permission '" + entry
                        + "' must be <actions>:<destination pattern>:<roles>, e.g. send,consume:orders.*:app");
            }
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (String a : f[0].split(",")) {
                if (!a.isBlank()) {
                    try {
                        actions.add(Action.parse(a));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("permission '" + entry + "': " + e.getMessage());
                    }
                }
            }
            Set<String> roles = new LinkedHashSet<>();
            for (String r : f[2].split(",")) {
                if (!r.isBlank()) {
                    roles.add(r.trim());
                }
            }
            if (actions.isEmpty() || roles.isEmpty()) {
                throw new IllegalArgumentException("permission '" + entry + "' names no " + (actions.isEmpty() ? "action" : "role"));
            }
            DestinationPattern pattern;
            try {
                pattern = DestinationPattern.parse(f[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("permission '" + entry + "': " + e.getMessage());
            }
            out.add(new Permission(actions, pattern, roles));
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Action a : actions) {
            b.append(b.length() == 0 ? "" : ",").append(a.artemisName());
        }
        return b + ":" + pattern + ":" + String.join(",", roles);
    }
}
