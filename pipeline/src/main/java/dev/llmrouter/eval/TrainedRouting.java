package dev.llmrouter.eval;

import dev.llmrouter.classify.ClassifierTrainer;
import dev.llmrouter.classify.TrainedClassifier;
import dev.llmrouter.data.RecordedSet;
import dev.llmrouter.quality.AnswerScorer;
import dev.llmrouter.quality.CostAwareRouting;
import dev.llmrouter.quality.ModelSelector;
import dev.llmrouter.quality.QualityTable;
import dev.llmrouter.quality.ScorerTrainer;
import dev.llmrouter.quality.SelectionSettings;
import dev.llmrouter.route.Budget;
import dev.llmrouter.route.BudgetRules;
import dev.llmrouter.route.CacheRules;
import dev.llmrouter.route.LoadRules;
import dev.llmrouter.route.Router;
import dev.llmrouter.route.RoutingPolicy;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.ScorerMode;
import dev.llmrouter.schema.Tier;
import dev.llmrouter.speculate.SpeculationScorer;
import dev.llmrouter.speculate.SpeculationSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the pipeline would run, trained on one recorded set: the classifier, the quality table
 * behind the model selector, the answer scorer (when the set has answer texts), prices, and a policy
 * over the set's models whose thresholds a replay sets per operating point.
 */
final class TrainedRouting {

    final RecordedSet train;
    final TrainedClassifier classifier;
    final Optional<AnswerScorer> answerScorer;
    final Optional<SpeculationScorer> scorer;
    final Router router;
    final RoutingPolicy policy;
    final int cheapest;
    final int strongest;

    private TrainedRouting(RecordedSet train, TrainedClassifier classifier, Optional<AnswerScorer> answerScorer, Router router,
                           RoutingPolicy policy) {
        this.train = train;
        this.classifier = classifier;
        this.answerScorer = answerScorer;
        this.scorer = answerScorer.map(SpeculationScorer::new);
        this.router = router;
        this.policy = policy;
        this.cheapest = train.cheapest();
        this.strongest = train.strongest();
    }

    static TrainedRouting train(RecordedSet train, String version) {
        TrainedClassifier classifier = new TrainedClassifier(ClassifierTrainer.train(train, version));
        Optional<AnswerScorer> scorer = ScorerTrainer.train(train, version).map(AnswerScorer::new);
        RecordedPricing pricing = new RecordedPricing(train);
        ModelSelector selector = new ModelSelector(new QualityTable(classifier.model().file()));
        Router router = new Router(pricing, new CostAwareRouting(selector, pricing));
        List<ModelSelector.Candidate> candidates = new ArrayList<>();
        for (String model : train.models()) {
            candidates.add(new ModelSelector.Candidate(RecordedPricing.model(model), model));
        }
        ModelRef cheap = RecordedPricing.model(train.models().get(train.cheapest()));
        ModelRef strong = RecordedPricing.model(train.models().get(train.strongest()));
        RoutingPolicy policy = new RoutingPolicy("eval-" + version, Map.of(Tier.ECONOMY, List.of(cheap), Tier.PREMIUM, List.of(strong)),
                List.of(), Tier.PREMIUM, 512,
                new BudgetRules(Budget.ofUsd(Budget.Period.DAY, BigDecimal.ZERO), Map.of(), null, null, Map.of()),
                CacheRules.defaults(), LoadRules.disabled(),
                new SelectionSettings(0, candidates),
                scorer.isPresent() ? new SpeculationSettings(cheap, Duration.ofSeconds(30), 0.5, null, ScorerMode.LOCAL, null, Set.of()) : null);
        return new TrainedRouting(train, classifier, scorer, router, policy);
    }

    /** The policy at one operating point; {@code acceptScore} is ignored without speculation. */
    RoutingPolicy at(double minGainPerUsd, double acceptScore) {
        return policy.with(policy.selection().withMinGainPerUsd(minGainPerUsd),
                policy.speculation() == null ? null : policy.speculation().withAcceptScore(acceptScore));
    }
}
