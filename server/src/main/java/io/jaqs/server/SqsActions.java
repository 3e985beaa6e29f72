package io.jaqs.server;

import io.jaqs.broker.BatchResult;
import io.jaqs.broker.Broker;
import io.jaqs.broker.ChangeVisibilityBatchEntry;
import io.jaqs.broker.DeleteMessageBatchEntry;
import io.jaqs.broker.Jsons;
import io.jaqs.broker.MessageAttributeValue;
import io.jaqs.broker.MessageMoveTask;
import io.jaqs.broker.QueueName;
import io.jaqs.broker.ReceiveMessageRequest;
import io.jaqs.broker.ReceivedMessage;
import io.jaqs.broker.SendMessageBatchEntry;
import io.jaqs.broker.SendMessageRequest;
import io.jaqs.broker.SendMessageResult;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

/**
 * The SQS actions on a {@link Broker}: a request's members in (as the JSON protocol names them),
 * the response's members out. Every rule the core checks stays in the core; this class checks only
 * what the wire adds (types, required members, attribute names of the receive).
 */
final class SqsActions {
    private static final JsonObject EMPTY = Jsons.object().build();

    /** One action: request members and caller in, response members out (maybe later). */
    interface Action extends BiFunction<JsonParams, Caller, CompletableFuture<JsonObject>> {
    }

    /** Who sent the request: the access key id of its signature, or null in open mode. */
    record Caller(String accessKeyId) {
    }

    private final Broker broker;
    private final QueueUrls urls;
    private final ReceivePolls polls;
    private final String senderId;
    private final Map<String, Action> actions;
    /**
     * Builds the responses of the asynchronous actions. Their store futures complete on the store's
     * single writer thread; building JSON there (MD5s, attribute maps) held up every other commit.
     */
    private final Executor responses;

    /**
     * @param senderId the SenderId system attribute of received messages (the core does not record senders)
     * @param responses where the responses of the asynchronous actions are built (the server's workers)
     */
    SqsActions(Broker broker, QueueUrls urls, ReceivePolls polls, String senderId, Executor responses) {
        this.broker = broker;
        this.responses = responses;
        this.urls = urls;
        this.polls = polls;
        this.senderId = senderId;
        this.actions = Map.ofEntries(
                Map.entry("CreateQueue", sync(this::createQueue)),
                Map.entry("GetQueueUrl", sync(this::getQueueUrl)),
                Map.entry("ListQueues", sync(this::listQueues)),
                Map.entry("DeleteQueue", sync(p -> {
                    broker.deleteQueue(queue(p));
                    return EMPTY;
                })),
                Map.entry("PurgeQueue", sync(p -> {
                    broker.purgeQueue(queue(p));
                    return EMPTY;
                })),
                Map.entry("GetQueueAttributes", sync(this::getQueueAttributes)),
                Map.entry("SetQueueAttributes", sync(p -> {
                    broker.setQueueAttributes(queue(p), p.stringMap("Attributes"));
                    return EMPTY;
                })),
                Map.entry("TagQueue", sync(p -> {
                    broker.tagQueue(queue(p), p.stringMap("Tags"));
                    return EMPTY;
                })),
                Map.entry("UntagQueue", sync(p -> {
                    broker.untagQueue(queue(p), p.strings("TagKeys"));
                    return EMPTY;
                })),
                Map.entry("ListQueueTags", sync(p -> tagsResponse(broker.listQueueTags(queue(p))))),
                Map.entry("ListDeadLetterSourceQueues", sync(this::listDeadLetterSourceQueues)),
                Map.entry("AddPermission", sync(p -> {
                    QueuePolicy.addPermission(broker, queue(p), p.requiredString("Label"), p.strings("AWSAccountIds"), p.strings("Actions"));
                    return EMPTY;
                })),
                Map.entry("RemovePermission", sync(p -> {
                    QueuePolicy.removePermission(broker, queue(p), p.requiredString("Label"));
                    return EMPTY;
                })),
                Map.entry("SendMessage", (p, c) -> sendMessage(p)),
                Map.entry("SendMessageBatch", (p, c) -> sendMessageBatch(p)),
                Map.entry("ReceiveMessage", (p, c) -> receiveMessage(p)),
                // the store writes of deletes and batches complete their answers later: no HTTP worker waits for a commit
                Map.entry("DeleteMessage", (p, c) -> broker.deleteMessageAsync(queue(p), p.requiredString("ReceiptHandle"))
                        .thenApply(deleted -> EMPTY)),
                Map.entry("DeleteMessageBatch", (p, c) -> deleteMessageBatch(p)),
                Map.entry("ChangeMessageVisibility", sync(p -> {
                    broker.changeMessageVisibility(queue(p), p.requiredString("ReceiptHandle"), p.requiredInteger("VisibilityTimeout"));
                    return EMPTY;
                })),
                Map.entry("ChangeMessageVisibilityBatch", sync(this::changeMessageVisibilityBatch)),
                Map.entry("StartMessageMoveTask", sync(p -> Jsons.object()
                        .add("TaskHandle", broker.startMessageMoveTask(p.requiredString("SourceArn"), p.string("DestinationArn"),
                                p.integer("MaxNumberOfMessagesPerSecond")))
                        .build())),
                Map.entry("CancelMessageMoveTask", sync(p -> Jsons.object()
                        .add("ApproximateNumberOfMessagesMoved", broker.cancelMessageMoveTask(p.requiredString("TaskHandle")))
                        .build())),
                Map.entry("ListMessageMoveTasks", sync(this::listMessageMoveTasks)));
    }

    /** The action of that name, or null. */
    Action action(String name) {
        return actions.get(name);
    }

    private interface SyncAction {
        JsonObject apply(JsonParams p);
    }

    private static Action sync(SyncAction a) {
        return (p, c) -> CompletableFuture.completedFuture(a.apply(p));
    }

    /** The request's queue: its QueueUrl, read once here (Jaqs' or AWS's form; the last path segment names it). */
    private static QueueName queue(JsonParams p) {
        return QueueName.fromUrl(p.requiredString("QueueUrl"));
    }

    // ---------------------------------------------------------------- queues

    private JsonObject createQueue(JsonParams p) {
        QueueName queue = QueueName.of(p.requiredString("QueueName"));
        broker.createQueue(queue, p.stringMap("Attributes"), p.stringMap("tags"));
        return queueUrl(queue);
    }

    private JsonObject getQueueUrl(JsonParams p) {
        QueueName queue = QueueName.fromUrl(p.requiredString("QueueName")); // a name no queue can have: QueueDoesNotExist
        broker.getQueueUrl(queue); // whether it exists; the URL returned is this server's own
        return queueUrl(queue);
    }

    private JsonObject queueUrl(QueueName queue) {
        return Jsons.object().add("QueueUrl", urls.of(queue)).build();
    }

    private JsonObject listQueues(JsonParams p) {
        return page(broker.listQueueNames(p.string("QueueNamePrefix")), p, "QueueUrls");
    }

    private JsonObject listDeadLetterSourceQueues(JsonParams p) {
        return page(broker.listDeadLetterSourceQueueNames(queue(p)), p, "queueUrls") /* sic: SQS spells this one in lower case */;
    }

    /** One page of queue URLs (sorted by name): MaxResults 1–1000 with a NextToken, else the first 1,000. */
    private JsonObject page(List<QueueName> queues, JsonParams p, String member) {
        Integer max = p.integer("MaxResults");
        if (max != null && (max < 1 || max > ServerConfig.MAX_LIST_RESULTS)) {
            throw SqsError.invalidParameter("Value " + max + " for parameter MaxResults is invalid. Reason: MaxResults must be from 1 to "
                    + ServerConfig.MAX_LIST_RESULTS + ".");
        }
        String token = p.string("NextToken");
        if (token != null && max == null) {
            throw SqsError.invalidParameter("NextToken is only valid together with MaxResults");
        }
        String after = token == null ? null : QueueUrls.fromToken(token);
        int limit = max == null ? ServerConfig.MAX_LIST_RESULTS : max;
        List<QueueName> names = new ArrayList<>();
        for (QueueName q : queues) {
            if (after == null || q.name().compareTo(after) > 0) {
                names.add(q);
            }
        }
        JsonObjectBuilder out = Jsons.object();
        JsonArrayBuilder list = Jsons.array();
        names.stream().limit(limit).forEach(q -> list.add(urls.of(q)));
        out.add(member, list);
        if (max != null && names.size() > limit) {
            out.add("NextToken", QueueUrls.token(names.get(limit - 1).name()));
        }
        return out.build();
    }

    private JsonObject getQueueAttributes(JsonParams p) {
        Map<String, String> attributes = broker.getQueueAttributes(queue(p), p.strings("AttributeNames"));
        JsonObjectBuilder a = Jsons.object();
        attributes.forEach(a::add);
        return Jsons.object().add("Attributes", a).build();
    }

    private static JsonObject tagsResponse(Map<String, String> tags) {
        JsonObjectBuilder t = Jsons.object();
        tags.forEach(t::add);
        return Jsons.object().add("Tags", t).build();
    }

    private JsonObject listMessageMoveTasks(JsonParams p) {
        Integer max = p.integer("MaxResults");
        List<MessageMoveTask> tasks = broker.listMessageMoveTasks(p.requiredString("SourceArn"), max == null ? 1 : max);
        JsonArrayBuilder results = Jsons.array();
        for (MessageMoveTask t : tasks) {
            JsonObjectBuilder r = Jsons.object()
                    .add("Status", t.status().name())
                    .add("SourceArn", t.sourceArn())
                    .add("ApproximateNumberOfMessagesMoved", t.approximateNumberOfMessagesMoved())
                    .add("ApproximateNumberOfMessagesToMove", t.approximateNumberOfMessagesToMove())
                    .add("StartedTimestamp", t.startedTimestamp().toEpochMilli());
            if (t.status() == MessageMoveTask.Status.RUNNING) {
                r.add("TaskHandle", t.taskHandle()); // SQS gives the handle of running tasks only
            }
            if (t.destinationArn() != null) {
                r.add("DestinationArn", t.destinationArn());
            }
            if (t.maxVelocity() != null) {
                r.add("MaxNumberOfMessagesPerSecond", t.maxVelocity());
            }
            if (t.failureReason() != null) {
                r.add("FailureReason", t.failureReason());
            }
            results.add(r);
        }
        return Jsons.object().add("Results", results).build();
    }

    // ---------------------------------------------------------------- messages

    private CompletableFuture<JsonObject> sendMessage(JsonParams p) {
        SendMessageRequest request = MessageMapping.sendRequest(p);
        return broker.sendMessageAsync(queue(p), request).thenApplyAsync(r -> sendResult(Jsons.object(), r, request).build(), responses);
    }

    private static JsonObjectBuilder sendResult(JsonObjectBuilder out, SendMessageResult r, SendMessageRequest request) {
        out.add("MessageId", r.messageId()).add("MD5OfMessageBody", r.md5OfMessageBody());
        if (r.md5OfMessageAttributes() != null) {
            out.add("MD5OfMessageAttributes", r.md5OfMessageAttributes());
        }
        String md5OfSystem = MessageMapping.md5OfSystemAttributes(request);
        if (md5OfSystem != null) {
            out.add("MD5OfMessageSystemAttributes", md5OfSystem);
        }
        if (r.sequenceNumber() != null) {
            out.add("SequenceNumber", r.sequenceNumber());
        }
        return out;
    }

    private CompletableFuture<JsonObject> sendMessageBatch(JsonParams p) {
        QueueName queue = queue(p);
        List<SendMessageBatchEntry> batch = new ArrayList<>();
        Map<String, SendMessageRequest> requests = new HashMap<>();
        for (JsonParams e : p.objects("Entries")) {
            SendMessageBatchEntry entry = new SendMessageBatchEntry(e.requiredString("Id"), MessageMapping.sendRequest(e));
            batch.add(entry);
            requests.putIfAbsent(entry.id(), entry.request()); // a repeated id fails the whole batch in the broker
        }
        return broker.sendMessageBatchAsync(queue, batch).thenApplyAsync(result -> {
            JsonArrayBuilder ok = Jsons.array();
            for (BatchResult.Success<SendMessageResult> s : result.successful()) {
                ok.add(sendResult(Jsons.object().add("Id", s.id()), s.value(), requests.get(s.id())));
            }
            return Jsons.object().add("Successful", ok).add("Failed", failures(result.failed())).build();
        }, responses);
    }

    private static JsonArrayBuilder failures(List<BatchResult.Failure> failures) {
        JsonArrayBuilder failed = Jsons.array();
        for (BatchResult.Failure f : failures) {
            failed.add(Jsons.object().add("Id", f.id()).add("SenderFault", f.senderFault())
                    .add("Code", f.code().sqsCode()).add("Message", f.message() == null ? "" : f.message()));
        }
        return failed;
    }

    private CompletableFuture<JsonObject> receiveMessage(JsonParams p) {
        QueueName queue = queue(p);
        ReceiveSelection selection = ReceiveSelection.of(p);
        Integer max = p.integer("MaxNumberOfMessages");
        ReceiveMessageRequest request = new ReceiveMessageRequest(max == null ? 1 : max, p.integer("VisibilityTimeout"),
                p.integer("WaitTimeSeconds"), p.string("ReceiveRequestAttemptId"), null);
        return polls.receive(broker, queue, request).thenApplyAsync(messages -> {
            JsonArrayBuilder list = Jsons.array();
            for (ReceivedMessage m : messages) {
                list.add(MessageMapping.received(m, selection, senderId));
            }
            return Jsons.object().add("Messages", list).build();
        }, responses);
    }

    private CompletableFuture<JsonObject> deleteMessageBatch(JsonParams p) {
        QueueName queue = queue(p);
        List<DeleteMessageBatchEntry> entries = new ArrayList<>();
        for (JsonParams e : p.objects("Entries")) {
            entries.add(new DeleteMessageBatchEntry(e.requiredString("Id"), e.requiredString("ReceiptHandle")));
        }
        return broker.deleteMessageBatchAsync(queue, entries).thenApplyAsync(SqsActions::batchResponse, responses);
    }

    private JsonObject changeMessageVisibilityBatch(JsonParams p) {
        QueueName queue = queue(p);
        List<ChangeVisibilityBatchEntry> entries = new ArrayList<>();
        for (JsonParams e : p.objects("Entries")) {
            entries.add(new ChangeVisibilityBatchEntry(e.requiredString("Id"), e.requiredString("ReceiptHandle"),
                    e.requiredInteger("VisibilityTimeout")));
        }
        return batchResponse(broker.changeMessageVisibilityBatch(queue, entries));
    }

    private static JsonObject batchResponse(BatchResult<Void> result) {
        JsonArrayBuilder ok = Jsons.array();
        result.successful().forEach(s -> ok.add(Jsons.object().add("Id", s.id())));
        return Jsons.object().add("Successful", ok).add("Failed", failures(result.failed())).build();
    }

    static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
