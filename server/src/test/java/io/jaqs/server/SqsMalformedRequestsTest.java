package io.jaqs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jaqs.broker.MessageFilter;
import io.jaqs.broker.ReceivedMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Thousands of generated malformed requests (broken JSON, invalid UTF-8, wrong types, repeated
 * members, unknown actions, out-of-range values, garbage receipt handles, invalid names, oversized
 * batches) each get a 4xx with SQS's error shape, and afterwards every queue holds exactly what it
 * held before: the same queues, attributes and messages, none received.
 */
class SqsMalformedRequestsTest {
    private static final int REQUESTS = 3000;
    private static final String CT = "application/x-amz-json-1.0";

    @TempDir
    Path dir;

    private record Bad(String target, String contentType, byte[] body) {
    }

    @Test
    void malformedRequestsChangeNothing() throws Exception {
        try (ServerFixture f = new ServerFixture(dir, ServerConfig.defaults().withPort(0).withOpen(true))) {
            String dlq = f.sqs.createQueue(b -> b.queueName("dead")).queueUrl();
            String std = f.sqs.createQueue(b -> b.queueName("std").attributesWithStrings(Map.of("RedrivePolicy",
                    "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dead\",\"maxReceiveCount\":3}"))).queueUrl();
            String fifo = f.sqs.createQueue(b -> b.queueName("jobs.fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
            for (int i = 0; i < 3; i++) {
                int n = i;
                f.sqs.sendMessage(b -> b.queueUrl(std).messageBody("std-" + n));
                f.sqs.sendMessage(b -> b.queueUrl(fifo).messageBody("fifo-" + n).messageGroupId("g").messageDeduplicationId("d" + n));
            }
            f.sqs.tagQueue(b -> b.queueUrl(std).tags(Map.of("k", "v")));
            Map<String, Object> before = snapshot(f);

            Random random = new Random(19);
            List<String> urls = List.of(std, fifo, dlq);
            List<Bad> requests = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                requests.add(generate(random, urls.get(random.nextInt(urls.size())), fifo));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<String>> outcomes = new ArrayList<>();
            for (Bad bad : requests) {
                outcomes.add(pool.submit(() -> check(f.raw(bad.target, bad.contentType, bad.body), bad)));
            }
            Map<String, Integer> byCode = new TreeMap<>();
            for (Future<String> o : outcomes) {
                byCode.merge(o.get(), 1, Integer::sum);
            }
            pool.shutdown();
            System.out.println(REQUESTS + " malformed requests, answers by error code: " + byCode);
            assertEquals(before, snapshot(f), "the store is unchanged");
        }
    }

    /** @return the error code answered; fails when the answer is not an SQS error (or an all-failed batch) */
    private static String check(HttpResponse<String> r, Bad bad) {
        String request = new String(bad.body, StandardCharsets.UTF_8);
        if (r.statusCode() == 200) {
            JsonObject o = Json.createReader(new StringReader(r.body())).readObject();
            assertTrue(o.containsKey("Failed") && o.getJsonArray("Successful").isEmpty(),
                    "a malformed request succeeded: " + bad.target + " " + request + " → " + r.body());
            return "batch: every entry Failed";
        }
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusCode() + " for " + bad.target + " " + request + " → " + r.body());
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("text/xml")) { // a form body: the Query protocol
            assertTrue(r.body().contains("<Type>Sender</Type>"), r.body());
            return "Query " + r.body().replaceAll(".*<Code>(.*)</Code>.*", "$1");
        }
        JsonObject o = Json.createReader(new StringReader(r.body())).readObject();
        assertTrue(o.getString("__type").contains("#"), r.body());
        String header = r.headers().firstValue("x-amzn-query-error").orElseThrow();
        assertTrue(header.endsWith(";Sender"), header);
        return header.substring(0, header.indexOf(';'));
    }

    /** Queue names, attributes (all but the modification-free timestamps are compared too), tags and messages. */
    private static Map<String, Object> snapshot(ServerFixture f) {
        Map<String, Object> s = new TreeMap<>();
        for (String url : f.broker.listQueues("")) {
            String name = url.substring(url.lastIndexOf('/') + 1);
            s.put(name + " attributes", f.broker.getQueueAttributes(name, List.of("All")));
            s.put(name + " tags", f.broker.listQueueTags(name));
            List<String> messages = new ArrayList<>();
            Iterator<ReceivedMessage> it = f.broker.browse(name, (MessageFilter) null);
            while (it.hasNext()) {
                ReceivedMessage m = it.next();
                messages.add(m.messageId() + " " + m.bodyAsString() + " receives=" + m.approximateReceiveCount());
            }
            s.put(name + " messages", messages);
        }
        return s;
    }

    private static Bad generate(Random r, String url, String fifoUrl) {
        String q = "\"QueueUrl\":\"" + url + "\"";
        List<Supplier<Bad>> kinds = List.of(
                // broken JSON: a proper prefix of a valid request never closes its object
                () -> {
                    String valid = "{" + q + ",\"MessageBody\":\"hello\",\"DelaySeconds\":0}";
                    return json("SendMessage", valid.substring(0, 1 + r.nextInt(valid.length() - 1)));
                },
                () -> json("DeleteQueue", "{" + q),
                () -> json("PurgeQueue", r.nextBoolean() ? "" + "[" + q + "]" : "\"" + url + "\""),
                // invalid UTF-8 inside a string
                () -> {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    b.writeBytes(("{" + q + ",\"MessageBody\":\"ab").getBytes(StandardCharsets.UTF_8));
                    b.write(new int[]{0xFF, 0xC0, 0x80, 0xED}[r.nextInt(4)]);
                    b.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
                    return new Bad("AmazonSQS.SendMessage", CT, b.toByteArray());
                },
                // wrong JSON types
                () -> json("SendMessage", "{\"QueueUrl\":" + pick(r, "1", "[]", "{}", "true") + ",\"MessageBody\":\"x\"}"),
                () -> json("SendMessage", "{" + q + ",\"MessageBody\":" + pick(r, "1", "[\"x\"]", "{}", "false", "null") + "}"),
                () -> json("SendMessage", "{" + q + ",\"MessageBody\":\"x\",\"DelaySeconds\":" + pick(r, "\"5\"", "1.5", "[]", "99999999999") + "}"),
                () -> json("SetQueueAttributes", "{" + q + ",\"Attributes\":" + pick(r, "[]", "\"x\"", "{\"VisibilityTimeout\":5}") + "}"),
                // repeated members
                () -> json("PurgeQueue", "{" + q + "," + q + "}"),
                () -> json("DeleteQueue", "{" + q + ",\"QueueUrl\":\"other\"}"),
                // unknown or missing actions, wrong content types
                () -> json(pick(r, "Explode", "deletequeue", "DeleteQueues", "", "Purge Queue"), "{" + q + "}"),
                () -> new Bad(pick(r, "AmazonSNS.Publish", "DeleteQueue", null), CT, ("{" + q + "}").getBytes(StandardCharsets.UTF_8)),
                () -> new Bad("AmazonSQS.DeleteQueue", pick(r, "text/plain", "application/json", "application/x-www-form-urlencoded"),
                        ("{" + q + "}").getBytes(StandardCharsets.UTF_8)),
                // missing required parameters
                () -> json(pick(r, "SendMessage", "DeleteMessage", "DeleteQueue", "PurgeQueue", "ChangeMessageVisibility"), "{}"),
                () -> json("SendMessage", "{" + q + "}"),
                // values out of range or invalid
                () -> json("SendMessage", "{" + q + ",\"MessageBody\":\"x\",\"DelaySeconds\":" + pick(r, "-1", "901", "100000") + "}"),
                () -> json("SendMessage", "{" + q + ",\"MessageBody\":" + pick(r, "\"\"", "\"a\\u0000b\"", "\"\\uFFFE\"") + "}"),
                () -> json("SendMessage", "{" + q + ",\"MessageBody\":\"x\",\"MessageAttributes\":{\"a\":"
                        + pick(r, "{\"DataType\":\"Blob\",\"StringValue\":\"v\"}", "{\"DataType\":\"String\"}", "{\"StringValue\":\"v\"}",
                        "{\"DataType\":\"Number\",\"StringValue\":\"ten\"}", "{\"DataType\":\"Binary\",\"BinaryValue\":\"***\"}") + "}}"),
                () -> json("SendMessage", "{" + q + ",\"MessageBody\":\"x\",\"MessageAttributes\":{" + elevenAttributes() + "}}"),
                () -> json("SendMessage", "{\"QueueUrl\":\"" + fifoUrl + "\",\"MessageBody\":\"x\"" + pick(r, "", ",\"MessageDeduplicationId\":\"d9\"") + "}"),
                () -> json("SendMessageBatch", "{" + q + ",\"Entries\":" + pick(r, "[]", entries(11), entries(25),
                        "[{\"Id\":\"a\",\"MessageBody\":\"1\"},{\"Id\":\"a\",\"MessageBody\":\"2\"}]",
                        "[{\"Id\":\"bad id!\",\"MessageBody\":\"1\"}]") + "}"),
                () -> json("ReceiveMessage", "{" + q + "," + pick(r, "\"MaxNumberOfMessages\":0", "\"MaxNumberOfMessages\":11",
                        "\"WaitTimeSeconds\":21", "\"WaitTimeSeconds\":-1", "\"VisibilityTimeout\":-1", "\"VisibilityTimeout\":43201",
                        "\"MessageSystemAttributeNames\":[\"Bogus\"]") + "}"),
                () -> json(pick(r, "DeleteMessage", "ChangeMessageVisibility"), "{" + q + ",\"ReceiptHandle\":\"" + garbage(r)
                        + "\",\"VisibilityTimeout\":0}"),
                () -> json(pick(r, "DeleteMessageBatch", "ChangeMessageVisibilityBatch"), "{" + q + ",\"Entries\":[{\"Id\":\"1\",\"ReceiptHandle\":\""
                        + garbage(r) + "\",\"VisibilityTimeout\":0}]}"),
                () -> json("SetQueueAttributes", "{" + q + ",\"Attributes\":{" + pick(r, "\"Bogus\":\"1\"", "\"VisibilityTimeout\":\"abc\"",
                        "\"VisibilityTimeout\":\"43201\"", "\"MessageRetentionPeriod\":\"59\"", "\"RedrivePolicy\":\"{bad\"",
                        "\"FifoQueue\":\"false\"", "\"DelaySeconds\":\"901\"", "\"MaximumMessageSize\":\"1023\"") + "}}"),
                () -> json("GetQueueAttributes", "{" + q + ",\"AttributeNames\":[\"All\",\"" + pick(r, "Bogus", "all", "") + "\"]}"),
                () -> json("CreateQueue", "{\"QueueName\":\"" + pick(r, "bad name", "x!y", "a".repeat(81), ".fifo", "q.fifo.fifo") + "\"}"),
                () -> json("CreateQueue", "{\"QueueName\":\"std\",\"Attributes\":{\"VisibilityTimeout\":\"31\"}}"),
                () -> json(pick(r, "GetQueueUrl", "DeleteQueue", "PurgeQueue"), "{\"QueueName\":\"nope-" + r.nextInt(1000)
                        + "\",\"QueueUrl\":\"http://localhost/000000000000/nope-" + r.nextInt(1000) + "\"}"),
                () -> json("TagQueue", "{" + q + ",\"Tags\":{\"\":\"v\"}}"),
                () -> json("ListQueues", "{\"MaxResults\":" + pick(r, "0", "1001", "-5") + "}"),
                () -> json("StartMessageMoveTask", "{\"SourceArn\":\"" + pick(r, "arn:aws:sqs:us-east-1:000000000000:nope", "not-an-arn") + "\"}"),
                () -> json("CancelMessageMoveTask", "{\"TaskHandle\":\"" + garbage(r) + "\"}"));
        return kinds.get(r.nextInt(kinds.size())).get();
    }

    private static Bad json(String action, String body) {
        return new Bad("AmazonSQS." + action, CT, body.getBytes(StandardCharsets.UTF_8));
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static String garbage(Random r) {
        byte[] b = new byte[1 + r.nextInt(60)];
        r.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String entries(int n) {
        List<String> e = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            e.add("{\"Id\":\"e" + i + "\",\"MessageBody\":\"m\"}");
        }
        return "[" + String.join(",", e) + "]";
    }

    private static String elevenAttributes() {
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            a.add("\"a" + i + "\":{\"DataType\":\"String\",\"StringValue\":\"v\"}");
        }
        return String.join(",", a);
    }
}
