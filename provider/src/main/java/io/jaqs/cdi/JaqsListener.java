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
 * ({@link jakarta.jms.Message#getBody(Class)}). Sessions are AUTO_ACKNOWLEDGE: a method that throws
 * makes the message be redelivered, as for a {@link jakarta.jms.MessageListener} that throws.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface JaqsListener {
    /** Queue name (or topic name when {@link #topic()} is true). */
    String destination();

    /** {@code "n"} or {@code "min-max"}: {@code min} consumers (sessions) are started; see {@link JaqsExtension}. */
    String concurrency() default "1";

    /** Consume from a topic (a non-durable subscription per consumer) instead of a queue. */
    boolean topic() default false;

    /** Name of the connection factory ({@code jaqs.connectionFactory.<name>.url}); empty for the default. */
    String connectionFactory() default "";

    /** Optional message selector. */
    String selector() default "";
}
