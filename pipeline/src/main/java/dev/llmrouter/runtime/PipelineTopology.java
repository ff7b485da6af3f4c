package dev.llmrouter.runtime;

import dev.llmrouter.analytics.RecentDecisionsStage;
import dev.llmrouter.analytics.SpendConfig;
import dev.llmrouter.analytics.SpendStage;
import dev.llmrouter.classify.ClassifyConfig;
import dev.llmrouter.classify.ClassifyStage;
import dev.llmrouter.classify.PromptClassifier;
import dev.llmrouter.route.CostEstimator;
import dev.llmrouter.route.RouteConfig;
import dev.llmrouter.route.RouteStage;
import dev.llmrouter.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/**
 * The Streams topology: the classify stage, then the route stage, which takes each classified request in
 * the same task when the request sits in its user's partition, and through the classified-requests topic
 * otherwise; with analytics, also the spend aggregates and the recent decisions that interactive queries read.
 */
public final class PipelineTopology {

    private PipelineTopology() {
    }

    public static Topology build(Topics topics, ClassifyConfig classify, PromptClassifier classifier, RouteConfig route,
                                 CostEstimator costs) {
        return pipeline(topics, classify, classifier, route, costs).build();
    }

    /** The pipeline's stages plus the analytics stages (spend aggregates, recent decisions). */
    public static Topology build(Topics topics, ClassifyConfig classify, PromptClassifier classifier, RouteConfig route,
                                 CostEstimator costs, SpendConfig spend) {
        StreamsBuilder builder = pipeline(topics, classify, classifier, route, costs);
        new SpendStage(spend, topics).addTo(builder);
        new RecentDecisionsStage(topics).addTo(builder);
        return builder.build();
    }

    /** Classify in front of route, which takes the requests classify hands it in the same task. */
    private static StreamsBuilder pipeline(Topics topics, ClassifyConfig classify, PromptClassifier classifier, RouteConfig route,
                                           CostEstimator costs) {
        StreamsBuilder builder = new StreamsBuilder();
        new RouteStage(route, topics, costs).addTo(builder, new ClassifyStage(classify, topics, classifier).addHandingOff(builder));
        return builder;
    }
}
