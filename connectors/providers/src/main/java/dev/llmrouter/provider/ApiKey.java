package dev.llmrouter.provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An API key that does not print itself: {@link #toString()} is {@code ApiKey[***]}, so configs, records
 * and log lines holding one stay safe. Only {@link #reveal()} gives the secret, for the request header.
 */
public final class ApiKey {

    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    /** The key as given (surrounding whitespace removed). */
    public static ApiKey of(String secret) {
        Objects.requireNonNull(secret, "secret");
        String trimmed = secret.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("API key must not be empty");
        }
        return new ApiKey(trimmed);
    }

    /** The key in environment variable {@code variable}; fails naming the variable when it is unset or empty. */
    public static ApiKey fromEnv(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " holding an API key is not set");
        }
        return new ApiKey(value.strip());
    }

    /** The key stored in {@code file} (e.g. a mounted secret); surrounding whitespace and newlines removed. */
    public static ApiKey fromFile(Path file) {
        String value;
        try {
            value = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API key file " + file, e);
        }
        if (value.isBlank()) {
            throw new IllegalStateException("API key file " + file + " is empty");
        }
        return new ApiKey(value.strip());
    }

    /** The secret itself; for the request header only, never for logs or messages. */
    public String reveal() {
        return secret;
    }

    /** Replaces every occurrence of this key in {@code text} (null-safe), for bodies and messages we pass on. */
    public String redact(String text) {
        return text == null ? null : text.replace(secret, "***");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[***]";
    }
}
