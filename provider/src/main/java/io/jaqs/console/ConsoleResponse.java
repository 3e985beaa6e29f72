package io.jaqs.console;

import java.nio.charset.StandardCharsets;

/** What the console answers: a status, a content type and the body bytes. */
public record ConsoleResponse(int status, String contentType, byte[] body) {
    static ConsoleResponse json(int status, String json) {
        return new ConsoleResponse(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }
}
