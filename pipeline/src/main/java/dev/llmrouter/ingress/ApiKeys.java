package dev.llmrouter.ingress;

import dev.llmrouter.provider.ApiKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** The keys the ingress accepts as {@code Authorization: Bearer <key>}; none configured means no check. */
final class ApiKeys {

    private static final String BEARER = "Bearer ";

    private final List<byte[]> keys;

    ApiKeys(List<ApiKey> keys) {
        this.keys = keys.stream().map(key -> key.reveal().getBytes(StandardCharsets.UTF_8)).toList();
    }

    boolean required() {
        return !keys.isEmpty();
    }

    /** Whether the Authorization header carries an accepted key; compared in constant time. */
    boolean accepts(String authorization) {
        if (keys.isEmpty()) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        boolean accepted = false;
        for (byte[] key : keys) {
            accepted |= MessageDigest.isEqual(key, presented);
        }
        return accepted;
    }
}
