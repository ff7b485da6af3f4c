package dev.llmrouter.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviour shared by all wire formats: authentication, outages, limits, random failures, prompt
 * caching, the answer and its delay. Each request runs on its own virtual thread and touches only
 * lock-free shared state, so thousands can wait out their latency at once.
 */
final class Simulation {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    private final AtomicReference<SimulatorConfig> config;
    private final StatsRecorder stats;
    private final PromptCache cache;
    private final Outages outages;
    private final Map<String, AtomicInteger> inFlightByModel = new ConcurrentHashMap<>();

    Simulation(AtomicReference<SimulatorConfig> config, StatsRecorder stats, PromptCache cache, Outages outages) {
        this.config = config;
        this.stats = stats;
        this.cache = cache;
        this.outages = outages;
    }

    HttpHandler handler(Dialect dialect) {
        return exchange -> handle(dialect, exchange);
    }

    /** Input tokens as the simulator counts them: one per four characters, rounded up. */
    static long tokens(String text) {
        return (text.length() + 3) / 4;
    }

    private void handle(Dialect dialect, HttpExchange exchange) {
        stats.started(dialect.format());
        try (exchange) {
            Reply reply;
            try {
                reply = respond(dialect, exchange);
            } catch (InterruptedException e) {
                // The simulator is closing: drop the request as a dying server would.
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("simulated request failed unexpectedly", e);
                reply = dialect.error(Failure.of(Failure.Problem.SERVER_ERROR, ""));
            }
            stats.answered(reply.status());
            send(exchange, reply);
        } catch (IOException e) {
            // The client went away (often its own timeout fired while we slept): nobody to answer.
            LOG.debug("could not send simulated response: {}", e.toString());
        } finally {
            stats.finished();
        }
    }

    private Reply respond(Dialect dialect, HttpExchange exchange) throws InterruptedException, IOException {
        SimulatorConfig cfg = config.get();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String key = dialect.apiKey(exchange);
        if (key == null || key.isBlank()) {
            return dialect.error(Failure.of(Failure.Problem.MISSING_KEY, ""));
        }
        String required = cfg.apiKeys().get(dialect.format().id());
        if (required != null && !MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8))) {
            return dialect.error(Failure.of(Failure.Problem.INVALID_KEY, ""));
        }
        if (!dialect.isChat(method, path)) {
            return dialect.other(method, path, cfg)
                    .orElseGet(() -> dialect.error(Failure.withMessage(Failure.Problem.NOT_FOUND, method + " " + path)));
        }
        SimRequest request;
        try {
            JsonNode body = ConfigJson.JSON.readTree(exchange.getRequestBody());
            if (body == null || !body.isObject()) {
                throw new InvalidRequestException("The request body must be a JSON object.");
            }
            request = dialect.parse(exchange, body);
        } catch (JsonProcessingException e) {
            return dialect.error(Failure.withMessage(Failure.Problem.BAD_REQUEST,
                    "We could not parse the JSON body of your request."));
        } catch (InvalidRequestException e) {
            return dialect.error(Failure.withMessage(Failure.Problem.BAD_REQUEST, e.getMessage()));
        }
        stats.model(request.model());
        return simulate(dialect, cfg, request);
    }

    private Reply simulate(Dialect dialect, SimulatorConfig cfg, SimRequest request) throws InterruptedException {
        String model = request.model();
        ModelProfile profile = cfg.profile(model);
        long now = System.nanoTime();
        if (outages.active(model, dialect.format(), now)) {
            return dialect.error(Failure.of(Failure.Problem.OUTAGE, model));
        }
        if (profile.quotaExhausted()) {
            return dialect.error(Failure.of(Failure.Problem.QUOTA_EXHAUSTED, model));
        }
        AtomicInteger inFlight = inFlightByModel.computeIfAbsent(model, m -> new AtomicInteger());
        int concurrent = inFlight.incrementAndGet();
        try {
            RandomGenerator random = ThreadLocalRandom.current();
            boolean overCapacity = profile.maxConcurrent() > 0 && concurrent > profile.maxConcurrent();
            if (overCapacity || random.nextDouble() < profile.rateLimitRate()) {
                return dialect.error(Failure.rateLimited(model, profile.retryAfter()));
            }
            if (random.nextDouble() < profile.errorRate()) {
                return dialect.error(Failure.of(Failure.Problem.SERVER_ERROR, model));
            }
            long inputTokens = tokens(request.inputText());
            if (profile.contextWindow() > 0 && inputTokens > profile.contextWindow()) {
                return dialect.error(Failure.contextTooLong(model, inputTokens, profile.contextWindow()));
            }
            SimAnswer answer = answer(dialect.format(), cfg, profile, request, inputTokens, now, random);
            Duration delay = profile.latency().sample(random)
                    .plus(profile.perOutputToken().multipliedBy(answer.outputTokens()));
            if (delay.isPositive()) {
                Thread.sleep(delay);
            }
            return dialect.answer(request, answer);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private SimAnswer answer(WireFormat format, SimulatorConfig cfg, ModelProfile profile, SimRequest request,
                             long inputTokens, long now, RandomGenerator random) {
        String question = request.question().replaceAll("\\s+", " ").strip();
        String text = "Simulated answer from " + request.model() + " to: "
                + question.substring(0, Math.min(60, question.length()));
        if (profile.answerTokens() > 0) {
            text = repeatTo(text, profile.answerTokens() * 4);
        }
        if (request.json()) {
            try {
                text = ConfigJson.JSON.writeValueAsString(Map.of("answer", text));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        SimAnswer.Finish finish = SimAnswer.Finish.STOP;
        if (random.nextDouble() < profile.refusalRate()) {
            text = "";
            finish = SimAnswer.Finish.REFUSAL;
        } else if (request.maxTokens() > 0 && tokens(text) > request.maxTokens()) {
            text = text.substring(0, request.maxTokens() * 4);
            finish = SimAnswer.Finish.LENGTH;
        }
        long read = 0;
        long write = 0;
        String prefix = request.cachePrefix();
        long prefixTokens = prefix == null ? 0 : tokens(prefix);
        if (prefix != null && prefixTokens >= cfg.cacheMinTokens()) {
            boolean hit = cache.touch(format, request.model(), prefix, now, cfg.cacheTtl().toNanos());
            switch (format) {
                case OPENAI -> read = hit ? OpenAiDialect.reportedCachedTokens(prefixTokens, cfg.cacheMinTokens()) : 0;
                case ANTHROPIC -> {
                    read = hit ? prefixTokens : 0;
                    write = hit ? 0 : prefixTokens;
                }
                case GEMINI -> read = hit ? prefixTokens : 0;
            }
        }
        return new SimAnswer(text, inputTokens, tokens(text), read, write, finish);
    }

    private static String repeatTo(String text, int length) {
        StringBuilder out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(out.isEmpty() ? "" : " ").append(text);
        }
        return out.substring(0, length);
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply.body());
        }
    }
}
