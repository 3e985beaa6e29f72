package io.jaqs.jms.message;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;

/** Trivial destinations and DestinationCodec for the tests: "queue:name" / "topic:name". */
final class TestDestinations {

    private TestDestinations() {
    }

    record TestQueue(String name) implements Queue {
        @Override
        public String getQueueName() {
            return name;
        }
    }

    record TestTopic(String name) implements Topic {
        @Override
        public String getTopicName() {
            return name;
        }
    }

    static final DestinationCodec CODEC = new DestinationCodec() {
        @Override
        public String encode(Destination d) throws JMSException {
            if (d instanceof TestQueue q) {
                return "queue:" + q.name();
            }
            if (d instanceof TestTopic t) {
                return "topic:" + t.name();
            }
            throw new JMSException("unknown destination " + d);
        }

        @Override
        public Destination decode(String s) throws JMSException {
            if (s.startsWith("queue:")) {
                return new TestQueue(s.substring(6));
            }
            if (s.startsWith("topic:")) {
                return new TestTopic(s.substring(6));
            }
            throw new JMSException("unknown destination " + s);
        }
    };

    /** Encodes then decodes (the broker round trip). */
    static JaqsMessage roundTrip(jakarta.jms.Message m) throws JMSException {
        MessageCodec.EncodedMessage e = MessageCodec.encode(m, CODEC);
        return MessageCodec.decode(e.body(), e.attributes(), CODEC, null);
    }

    static JaqsMessage roundTrip(jakarta.jms.Message m, ObjectMessageAllowList allowList) throws JMSException {
        MessageCodec.EncodedMessage e = MessageCodec.encode(m, CODEC);
        return MessageCodec.decode(e.body(), e.attributes(), CODEC, allowList);
    }
}
