/**
 * Jaqs' Jakarta Messaging 3.1 message implementations and their codec to and from the broker form
 * (body bytes + SQS-style message attributes).
 *
 * <ul>
 * <li>{@link io.jaqs.jms.message.JaqsMessage} and its subclasses {@code JaqsTextMessage},
 * {@code JaqsBytesMessage}, {@code JaqsMapMessage}, {@code JaqsStreamMessage},
 * {@code JaqsObjectMessage}: headers, typed properties with the spec's conversion table, read-only
 * and write-only rules, {@code getBody}/{@code isBodyAssignableTo}, and the Jaqs extension
 * ({@code changeVisibility}, receipt handle, FIFO sequence number, receive count).</li>
 * <li>{@link io.jaqs.jms.message.MessageCodec}: encode (Jaqs or any other provider's message),
 * decode, selector values straight from the attributes, copies. The attribute layout is
 * documented there; the Map/Stream body layout in {@code BodyFormat}.</li>
 * <li>{@link io.jaqs.jms.message.ObjectMessageAllowList}: which classes an ObjectMessage may
 * deserialize into (JEP 290 filter; {@code java.*} plus the prefixes of the system property
 * {@code jaqs.objectmessage.trustedPackages} or of the connection factory).</li>
 * <li>{@link io.jaqs.jms.message.DeliveryContext} and {@link io.jaqs.jms.message.DestinationCodec}:
 * the hooks through which the session and the destination classes plug in.</li>
 * </ul>
 *
 * <p>Receiving, in the session: {@code m = MessageCodec.decode(body, attributes, destinations,
 * allowList)}, then {@code m.setJMSMessageID(...)}, {@code m.setReceiveCount(n)} (JMSXDeliveryCount,
 * JMSRedelivered), {@code m.setReceiptHandle(...)}, {@code m.setSequenceNumber(...)} (FIFO) and
 * {@code m.setDeliveryContext(...)}.
 */
package io.jaqs.jms.message;
