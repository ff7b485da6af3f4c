package dev.llmrouter.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The behaviour shared by all wire formats: authentication, outages, limits, random failures, prompt
 * caching, the answer and its delay. No thread waits out a delay: the answer is computed at once and handed
 * to the HTTP side when the simulated latency has passed, by a shared {@link Scheduler}. Shared state is
 * lock-free, so thousands of requests can be waiting at once for the cost of a scheduled task each.
 */
final class Simulation {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
    /** Runs of whitespace as {@code \s+} matches them, collapsed to one space in the quoted question. */
    private static final String QUOTE_SPACES = " \t\n\u000B\f\r";
    /** How much of the question the answer quotes. */
    private static final int QUOTE_LENGTH = 60;

    private final AtomicReference<SimulatorConfig> config;
    private final StatsRecorder stats;
    private final PromptCache cache;
    private final Outages outages;
    private final Scheduler scheduler;
    private final Map<String, AtomicInteger> inFlightByModel = new ConcurrentHashMap<>();

    Simulation(AtomicReference<SimulatorConfig> config, StatsRecorder stats, PromptCache cache, Outages outages,
               Scheduler scheduler) {
        this.config = config;
        this.stats = stats;
        this.cache = cache;
        this.outages = outages;
        this.scheduler = scheduler;
    }

    /** Input tokens as the simulator counts them: one per four characters, rounded up. */
    static long tokens(String text) {
        return (text.length() + 3) / 4;
    }

    /**
     * Answers one request in {@code dialect}: {@code send} gets the reply once, on the calling thread when it
     * is due at once (errors, zero latency), else on the scheduler's thread when the simulated latency is over.
     * When the simulator closes, replies still waiting are dropped and {@code send} is never called.
     */
    void handle(Dialect dialect, WireRequest request, byte[] body, Consumer<Reply> send) {
        stats.started(dialect.format());
        Outcome outcome;
        try {
            outcome = respond(dialect, request, body);
        } catch (RuntimeException e) {
            LOG.warn("simulated request failed unexpectedly", e);
            outcome = Outcome.now(dialect.error(Failure.of(Failure.Problem.SERVER_ERROR, "")));
        }
        if (outcome.delayNanos() <= 0) {
            finish(outcome, send);
            return;
        }
        Outcome due = outcome;
        try {
            scheduler.schedule(() -> finish(due, send), due.delayNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            // The simulator is closing: drop the request as a dying server would.
            due.release();
            stats.finished();
        }
    }

    private void finish(Outcome outcome, Consumer<Reply> send) {
        outcome.release();
        stats.answered(outcome.reply().status());
        stats.finished();
        send.accept(outcome.reply());
    }

    private Outcome respond(Dialect dialect, WireRequest wire, byte[] body) {
        SimulatorConfig cfg = config.get();
        String method = wire.method();
        String path = wire.path();
        String key = dialect.apiKey(wire);
        if (key == null || key.isBlank()) {
            return Outcome.now(dialect.error(Failure.of(Failure.Problem.MISSING_KEY, "")));
        }
        String required = cfg.apiKeys().get(dialect.format().id());
        if (required != null && !MessageDigest.isEqual(required.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8))) {
            return Outcome.now(dialect.error(Failure.of(Failure.Problem.INVALID_KEY, "")));
        }
        if (!dialect.isChat(method, path)) {
            return Outcome.now(dialect.other(method, path, cfg)
                    .orElseGet(() -> dialect.error(Failure.withMessage(Failure.Problem.NOT_FOUND, method + " " + path))));
        }
        SimRequest request;
        try {
            JsonNode json = ConfigJson.JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new InvalidRequestException("The request body must be a JSON object.");
            }
            request = dialect.parse(wire, json);
        } catch (IOException e) {
            return Outcome.now(dialect.error(Failure.withMessage(Failure.Problem.BAD_REQUEST,
                    "We could not parse the JSON body of your request.")));
        } catch (InvalidRequestException e) {
            return Outcome.now(dialect.error(Failure.withMessage(Failure.Problem.BAD_REQUEST, e.getMessage())));
        }
        stats.model(request.model());
        return simulate(dialect, cfg, request);
    }

    private Outcome simulate(Dialect dialect, SimulatorConfig cfg, SimRequest request) {
        String model = request.model();
        ModelProfile profile = cfg.profile(model);
        long now = System.nanoTime();
        if (outages.active(model, dialect.format(), now)) {
            return Outcome.now(dialect.error(Failure.of(Failure.Problem.OUTAGE, model)));
        }
        if (profile.quotaExhausted()) {
            return Outcome.now(dialect.error(Failure.of(Failure.Problem.QUOTA_EXHAUSTED, model)));
        }
        AtomicInteger inFlight = inFlightByModel.computeIfAbsent(model, m -> new AtomicInteger());
        int concurrent = inFlight.incrementAndGet();
        boolean held = false;
        try {
            RandomGenerator random = ThreadLocalRandom.current();
            boolean overCapacity = profile.maxConcurrent() > 0 && concurrent > profile.maxConcurrent();
            if (overCapacity || random.nextDouble() < profile.rateLimitRate()) {
                return Outcome.now(dialect.error(Failure.rateLimited(model, profile.retryAfter())));
            }
            if (random.nextDouble() < profile.errorRate()) {
                return Outcome.now(dialect.error(Failure.of(Failure.Problem.SERVER_ERROR, model)));
            }
            long inputTokens = tokens(request.inputText());
            if (profile.contextWindow() > 0 && inputTokens > profile.contextWindow()) {
                return Outcome.now(dialect.error(Failure.contextTooLong(model, inputTokens, profile.contextWindow())));
            }
            SimAnswer answer = answer(dialect.format(), cfg, profile, request, inputTokens, now, random);
            Duration delay = profile.latency().sample(random)
                    .plus(profile.perOutputToken().multipliedBy(answer.outputTokens()));
            Outcome outcome = new Outcome(dialect.answer(request, answer), delay.toNanos(), inFlight);
            held = true;
            return outcome;
        } finally {
            if (!held) {
                inFlight.decrementAndGet();
            }
        }
    }

    private SimAnswer answer(WireFormat format, SimulatorConfig cfg, ModelProfile profile, SimRequest request,
                             long inputTokens, long now, RandomGenerator random) {
        String text = "Simulated answer from " + request.model() + " to: " + quote(request.question(), QUOTE_LENGTH);
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

    /**
     * The first {@code max} characters of {@code question} with runs of whitespace collapsed to one space and
     * the ends stripped: {@code question.replaceAll("\\s+", " ").strip()} cut to {@code max}, without a regular
     * expression and without walking more of a long question than the quote needs.
     */
    static String quote(String question, int max) {
        int length = question.length();
        int i = 0;
        while (i < length && Character.isWhitespace(question.charAt(i))) {
            i++;
        }
        StringBuilder out = new StringBuilder(Math.min(max, length));
        boolean space = false;
        for (; i < length && out.length() < max; i++) {
            char c = question.charAt(i);
            if (QUOTE_SPACES.indexOf(c) >= 0) {
                space = true;
                continue;
            }
            if (space) {
                space = false;
                out.append(' ');
                if (out.length() == max) {
                    break;
                }
            }
            out.append(c);
        }
        while (i < length && Character.isWhitespace(question.charAt(i))) {
            i++;
        }
        if (i == length) {
            // Nothing but whitespace follows: the quote reaches the stripped end of the question.
            int end = out.length();
            while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
                end--;
            }
            out.setLength(end);
        }
        return out.toString();
    }

    /**
     * A reply, how long the simulated model takes before it is sent, and the model's concurrency slot it
     * holds meanwhile ({@code null} for replies sent at once).
     */
    private record Outcome(Reply reply, long delayNanos, AtomicInteger slot) {

        static Outcome now(Reply reply) {
            return new Outcome(reply, 0, null);
        }

        void release() {
            if (slot != null) {
                slot.decrementAndGet();
            }
        }
    }
}
