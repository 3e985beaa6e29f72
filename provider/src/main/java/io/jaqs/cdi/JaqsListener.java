package io.jaqs.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an {@code @ApplicationScoped} CDI bean as a message listener. {@link JaqsExtension}
 * starts its consumers when the application context is initialized and closes them before it is
 * destroyed. The method takes one parameter: a {@link jakarta.jms.Message} (or subtype), a
 * {@code String} (the body of a TextMessage), or any other type the message body is assignable to
 * ({@link jakarta.jms.Message#getBody(Class)}).
 *
 * <p>Each invocation runs with an active CDI request context (a new one per message): request
 * scoped beans, and the request scoped injected JMSContext, belong to that one message.
 *
 * <p>Without {@link #transacted()} the sessions are AUTO_ACKNOWLEDGE: a method that throws makes
 * the message be redelivered, as for a {@link jakarta.jms.MessageListener} that throws. With it,
 * each message is received inside a JTA transaction (see {@link #transacted()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JaqsListener {
    /** Queue name (or topic name when {@link #topic()} is true). */
    String destination();

    /**
     * {@code "n"} (a fixed pool of n consumers) or {@code "min-max"} with {@code 1 <= min <= max}: {@code min}
     * consumers start with the container; while messages wait in the queue and every consumer is at
     * work, one more is started per interval ({@code jaqs.listener.scaleIntervalMillis}), up to
     * {@code max}; while none wait, a consumer above {@code min} that delivered nothing for
     * {@code jaqs.listener.idleIntervals} intervals is closed. Anything else fails the deployment.
     */
    String concurrency() default "1";

    /**
     * Consume from a topic instead of a queue. The consumers share one non-durable subscription
     * (JMS shared subscription named after the bean class and method), so each message published
     * while the container runs is processed once, whatever the concurrency.
     */
    boolean topic() default false;

    /** Name of the connection factory ({@code jaqs.connectionFactory.<name>.url}); empty for the default. */
    String connectionFactory() default "";

    /** Optional message selector. */
    String selector() default "";

    /**
     * Receive each message inside a JTA transaction (the container's TransactionManager: a CDI bean
     * of that type, else {@code jaqs.jta.transactionManager}), its receive enlisted through XA, and
     * invoke the method in it: the injected JMSContext and any other resource the method enlists
     * (a JTA data source) join that transaction. It commits when the method returns; when the method
     * throws, or marks the transaction rollback-only, everything rolls back and the message is
     * redelivered with {@code JMSXDeliveryCount} incremented. Without a TransactionManager the
     * deployment fails.
     */
    boolean transacted() default false;
}
