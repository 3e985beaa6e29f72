package io.jaqs.broker;

import java.time.Clock;
import java.util.Objects;

/**
 * How a broker core names its queues and keeps time. Region and account appear in queue ARNs and
 * URLs only (any region/account in a RedrivePolicy ARN is accepted).
 */
public record BrokerConfig(Clock clock, String region, String accountId, String baseUrl) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final String DEFAULT_BASE_URL = "http://localhost:9324";

    public BrokerConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(baseUrl, "baseUrl");
    }

    public static BrokerConfig defaults() {
        return withClock(Clock.systemUTC());
    }

    public static BrokerConfig withClock(Clock clock) {
        return new BrokerConfig(clock, DEFAULT_REGION, DEFAULT_ACCOUNT_ID, DEFAULT_BASE_URL);
    }

    String queueUrl(String name) {
        return baseUrl + "/" + accountId + "/" + name;
    }

    String queueArn(String name) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + name;
    }
}
