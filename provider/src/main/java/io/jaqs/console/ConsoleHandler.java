package io.jaqs.console;

import io.jaqs.broker.Broker;
import io.jaqs.broker.BrokerException;
import io.jaqs.broker.BrokerHealth;
import io.jaqs.broker.ErrorCode;
import io.jaqs.broker.Jsons;
import io.jaqs.broker.MessageMoveTask;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.QueueSample;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.jmx.MessageView;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The web console as a protocol-neutral handler: {@link ConsoleRequest} in, {@link ConsoleResponse}
 * out. {@link JaqsConsole} serves it on the JDK's HTTP server in an application's JVM; the SQS
 * server mounts it under a path of its own. Plain HTML/JS from the class path and a small JSON API:
 *
 * <pre>
 * GET  /                              the page (index.html, console.js, console.css)
 * GET  /api/overview                  broker health, whether the caller is admin, every queue with its counts
 * GET  /api/queues/{q}/messages?max=N browse the first N visible messages (bodies, attributes)
 * GET  /api/queues/{q}/tasks          the queue's dead-letter move tasks with progress
 * POST /api/queues/{q}/purge          admin: purge
 * POST /api/queues/{q}/redrive        admin: start a move task back to the source queues
 * </pre>
 * Reading is open; changing needs the admin credentials given when the console was made, as HTTP
 * Basic. Without credentials configured the console is read-only for everyone. A failure is a JSON
 * {@code {"error": code, "message": text}} with the SQS error code and a 4xx status.
 */
public final class ConsoleHandler {
    /** Most messages one browse returns. */
    public static final int MAX_BROWSE = 100;
    /** How old the counts the console shows may be (it polls every 2 s; a sample scans the queue). */
    public static final Duration DEFAULT_SAMPLE_MAX_AGE = Duration.ofSeconds(2);

    private final Broker broker;
    private final byte[] adminAuthorization;
    private final Duration sampleMaxAge;

    /**
     * @param adminUser     null for a read-only console
     * @param adminPassword the admin's password
     */
    public ConsoleHandler(Broker broker, String adminUser, String adminPassword) {
        this(broker, adminUser, adminPassword, DEFAULT_SAMPLE_MAX_AGE);
    }

    public ConsoleHandler(Broker broker, String adminUser, String adminPassword, Duration sampleMaxAge) {
        this.broker = broker;
        this.adminAuthorization = adminUser == null ? null : ("Basic " + Base64.getEncoder().encodeToString(
                (adminUser + ":" + (adminPassword == null ? "" : adminPassword)).getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        this.sampleMaxAge = sampleMaxAge;
    }

    public ConsoleResponse handle(ConsoleRequest r) {
        try {
            return route(r);
        } catch (BrokerException e) {
            int status = e.code() == ErrorCode.QUEUE_DOES_NOT_EXIST ? 404 : 400;
            return error(status, e.code().sqsCode(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, "InvalidParameterValue", e.getMessage());
        }
    }

    private ConsoleResponse route(ConsoleRequest r) {
        String path = r.path() == null || r.path().isEmpty() ? "/" : r.path();
        boolean get = "GET".equals(r.method());
        boolean post = "POST".equals(r.method());
        if (get && (path.equals("/") || path.equals("/index.html"))) {
            return resource("index.html", "text/html; charset=utf-8");
        }
        if (get && path.equals("/console.js")) {
            return resource("console.js", "text/javascript; charset=utf-8");
        }
        if (get && path.equals("/console.css")) {
            return resource("console.css", "text/css; charset=utf-8");
        }
        if (get && path.equals("/api/overview")) {
            return overview(isAdmin(r));
        }
        if (path.startsWith("/api/queues/")) {
            String[] parts = path.substring("/api/queues/".length()).split("/");
            if (parts.length == 2) {
                String queue = parts[0];
                String action = parts[1];
                if (get && action.equals("messages")) {
                    return browse(queue, r.query().getOrDefault("max", "20"));
                }
                if (get && action.equals("tasks")) {
                    return tasks(queue);
                }
                if (post && (action.equals("purge") || action.equals("redrive"))) {
                    if (adminAuthorization == null) {
                        return error(403, "AccessDenied", "This console is read-only: it was started without admin credentials");
                    }
                    if (!isAdmin(r)) {
                        return error(401, "AccessDenied", "Purge and redrive need the console's admin credentials");
                    }
                    return action.equals("purge") ? purge(queue) : redrive(queue);
                }
            }
        }
        return error(get || post ? 404 : 405, "NotFound", r.method() + " " + path + " is not part of the console");
    }

    private boolean isAdmin(ConsoleRequest r) {
        return adminAuthorization != null && r.authorization() != null
                && MessageDigest.isEqual(adminAuthorization, r.authorization().trim().getBytes(StandardCharsets.UTF_8));
    }

    private ConsoleResponse overview(boolean admin) {
        BrokerHealth h = broker.checkHealth();
        JsonArrayBuilder queues = Jsons.array();
        for (QueueName queue : broker.listQueueNames(null)) {
            QueueSample s;
            List<QueueName> sources;
            try {
                s = broker.queueSample(queue, sampleMaxAge);
                sources = broker.listDeadLetterSourceQueueNames(queue);
            } catch (BrokerException e) {
                continue; // deleted meanwhile
            }
            JsonArrayBuilder src = Jsons.array();
            sources.forEach(source -> src.add(source.name()));
            queues.add(Jsons.object().add("name", queue.name()).add("fifo", s.fifo())
                    .add("visible", s.visible()).add("notVisible", s.notVisible()).add("delayed", s.delayed())
                    .add("ageOfOldestMessage", s.ageOfOldestMessageSeconds())
                    .add("groupsWithInflightMessages", s.groupsWithInflightMessages())
                    .add("sampledAt", s.sampledAt().toEpochMilli()).add("deadLetterSources", src));
        }
        JsonObjectBuilder health = Jsons.object().add("up", h.up());
        if (h.problem() != null) {
            health.add("problem", h.problem());
        }
        return ConsoleResponse.json(200, Jsons.object().add("admin", admin)
                .add("adminConfigured", adminAuthorization != null).add("health", health)
                .add("now", broker.clock().millis()).add("queues", queues).build().toString());
    }

    /** {@code name}: the path segment naming the queue, read once the request's other checks passed. */
    private ConsoleResponse browse(String name, String maxText) {
        int max;
        try {
            max = Integer.parseInt(maxText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max must be a number from 1 to " + MAX_BROWSE + ", got " + maxText);
        }
        if (max < 1 || max > MAX_BROWSE) {
            throw new IllegalArgumentException("max must be from 1 to " + MAX_BROWSE + ", got " + max);
        }
        QueueName queue = QueueName.fromUrl(name);
        JsonArrayBuilder out = Jsons.array();
        Iterator<ReceivedMessage> it = broker.browse(queue, a -> true);
        for (int n = 0; n < max && it.hasNext(); n++) {
            MessageView v = MessageView.of(it.next());
            JsonObjectBuilder attrs = Jsons.object();
            v.attributes().forEach(attrs::add);
            JsonObjectBuilder m = Jsons.object().add("messageId", v.messageId()).add("receiveCount", v.receiveCount())
                    .add("sent", v.sentTimestamp()).add("attributes", attrs).add("body", v.body()).add("bodyIsBase64", v.bodyIsBase64());
            if (v.messageGroupId() != null) {
                m.add("messageGroupId", v.messageGroupId());
            }
            out.add(m);
        }
        return ConsoleResponse.json(200, Jsons.object().add("queue", queue.name()).add("messages", out).build().toString());
    }

    private ConsoleResponse tasks(String name) {
        QueueName queue = QueueName.fromUrl(name);
        JsonArrayBuilder out = Jsons.array();
        for (MessageMoveTask t : broker.listMessageMoveTasks(broker.queueArn(queue), 10)) {
            JsonObjectBuilder o = Jsons.object().add("taskHandle", t.taskHandle()).add("status", t.status().name())
                    .add("moved", t.approximateNumberOfMessagesMoved()).add("toMove", t.approximateNumberOfMessagesToMove());
            if (t.failureReason() != null) {
                o.add("failureReason", t.failureReason());
            }
            out.add(o);
        }
        return ConsoleResponse.json(200, Jsons.object().add("queue", queue.name()).add("tasks", out).build().toString());
    }

    private ConsoleResponse purge(String name) {
        QueueName queue = QueueName.fromUrl(name);
        broker.purgeQueue(queue);
        broker.queueSampleNow(queue);
        return ConsoleResponse.json(200, Jsons.object().add("purged", queue.name()).build().toString());
    }

    private ConsoleResponse redrive(String name) {
        QueueName queue = QueueName.fromUrl(name);
        String handle = broker.startMessageMoveTask(broker.queueArn(queue), null, null);
        return ConsoleResponse.json(200, Jsons.object().add("taskHandle", handle).build().toString());
    }

    private static ConsoleResponse error(int status, String code, String message) {
        return ConsoleResponse.json(status, Jsons.object().add("error", code)
                .add("message", String.valueOf(message)).build().toString());
    }

    private static ConsoleResponse resource(String name, String type) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                return error(500, "InternalError", "console resource " + name + " is missing from the jar");
            }
            return new ConsoleResponse(200, type, in.readAllBytes());
        } catch (IOException e) {
            return error(500, "InternalError", "cannot read console resource " + name + ": " + e.getMessage());
        }
    }

    /** Parses a query string ({@code a=1&b=x%20y}) into its first values. */
    public static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
