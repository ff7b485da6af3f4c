package dev.llmrouter.eval;

import dev.llmrouter.data.RecordedPrompt;
import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.ChatMessage;
import dev.llmrouter.schema.ClassifiedRequest;
import dev.llmrouter.schema.Classification;
import dev.llmrouter.schema.PromptRequest;
import dev.llmrouter.schema.Role;
import dev.llmrouter.schema.RoutingDecision;
import dev.llmrouter.speculate.SpeculationScorer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded prompts through the pipeline's own code: the trained classifier tags each prompt as
 * the classify stage would, the {@link dev.llmrouter.route.Router} decides as the route stage would,
 * and where the decision speculates, the worker's {@link SpeculationScorer} rates the cheap model's
 * recorded answer and keeps or escalates it. Only the prompt text reaches a decision; the recorded
 * qualities and costs are read afterwards, to score what was decided.
 */
final class Replay {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final TrainedRouting routing;
    private final RecordedSet data;
    private final List<ClassifiedRequest> classified = new ArrayList<>();
    private final double[] cheapScore;
    private final Map<String, Integer> modelIndex = new HashMap<>();
    private final long classifyNanos;

    Replay(TrainedRouting routing, RecordedSet data) {
        this.routing = routing;
        this.data = data;
        for (int m = 0; m < data.models().size(); m++) {
            modelIndex.put(data.models().get(m), m);
        }
        for (RecordedPrompt prompt : data.prompts()) {
            PromptRequest request = request(prompt);
            Classification classification = routing.classifier.classify(request);
            classified.add(ClassifiedRequest.newBuilder().setRequest(request).setClassification(classification).build());
        }
        // Timed on a second, warm pass: the figure is what a running classify stage spends per prompt.
        long started = System.nanoTime();
        for (ClassifiedRequest request : classified) {
            routing.classifier.classify(request.getRequest());
        }
        classifyNanos = System.nanoTime() - started;
        // The rating of an answer does not depend on the thresholds: rate each cheap answer once.
        cheapScore = new double[data.prompts().size()];
        int cheap = routing.cheapest;
        for (int i = 0; i < cheapScore.length; i++) {
            PromptRequest request = classified.get(i).getRequest();
            var answer = data.prompts().get(i).response(cheap);
            cheapScore[i] = routing.scorer.isPresent() && answer.isPresent() ? routing.scorer.get().score(request, answer.get(), null) : 0;
        }
    }

    static PromptRequest request(RecordedPrompt prompt) {
        return PromptRequest.newBuilder()
                .setRequestId(prompt.id())
                .setUserId("eval")
                .setMessages(List.of(ChatMessage.newBuilder().setRole(Role.USER).setContent(prompt.prompt()).build()))
                .setCreatedAt(NOW)
                .build();
    }

    /** Mean classification time per prompt on a warm pass, microseconds. */
    double classifyMicrosPerPrompt() {
        return data.prompts().isEmpty() ? 0 : classifyNanos / 1e3 / data.prompts().size();
    }

    List<ClassifiedRequest> classified() {
        return classified;
    }

    double cheapScore(int prompt) {
        return cheapScore[prompt];
    }

    OperatingPoint run(double minGainPerUsd, double acceptScore) {
        RoutingPolicy policy = routing.at(minGainPerUsd, acceptScore);
        int strongest = routing.strongest;
        double quality = 0;
        double cost = 0;
        int strongCalls = 0;
        for (int i = 0; i < classified.size(); i++) {
            RecordedPrompt prompt = data.prompts().get(i);
            RoutingDecision decision = routing.router.decide(classified.get(i), policy, NOW);
            int primary = modelIndex.get(decision.getPrimary().getModel());
            int answered = primary;
            boolean primaryCalled = true;
            if (decision.getSpeculation() != null) {
                int cheap = modelIndex.get(decision.getSpeculation().getCheap().getModel());
                cost += prompt.costUsd()[cheap];
                boolean kept = prompt.response(cheap).isPresent()
                        && SpeculationScorer.rejection(decision.getSpeculation(), cheapScore[i]).isEmpty();
                if (kept) {
                    answered = cheap;
                    primaryCalled = false;
                } else {
                    cost += prompt.costUsd()[primary];
                }
            } else {
                cost += prompt.costUsd()[primary];
            }
            quality += prompt.quality()[answered];
            if (primaryCalled && primary == strongest) {
                strongCalls++;
            }
        }
        return new OperatingPoint(minGainPerUsd, policy.speculation() == null ? Double.NaN : acceptScore, quality, cost, strongCalls,
                classified.size());
    }
}
