package io.jaqs.console;

import java.util.Map;

/**
 * One HTTP request as the console sees it, whatever server carries it.
 *
 * @param method        GET, POST, ...
 * @param path          the path below the console's mount point, starting with "/"
 * @param query         decoded query parameters (the first value of each)
 * @param body          the request body (empty when none)
 * @param authorization the Authorization header, or null
 */
public record ConsoleRequest(String method, String path, Map<String, String> query, byte[] body, String authorization) {
}
