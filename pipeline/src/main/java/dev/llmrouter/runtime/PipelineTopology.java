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
import dev.llmrouter.schema.LlmResponse;
import dev.llmrouter.topics.Topics;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The Streams topology: the classify stage, then the route stage, which takes each classified request in
 * the same task when the request sits in its user's partition, and through the classified-requests topic
 * otherwise, and settles each request from its response; with analytics, also the spend aggregates of the
 * settled responses and the recent decisions that interactive queries read.
 */
public final class PipelineTopology {

    private PipelineTopology() {
    }

    public static Topology build(Topics topics, ClassifyConfig classify, PromptClassifier classifier, RouteConfig route,
                                 CostEstimator costs) {
        StreamsBuilder builder = new StreamsBuilder();
        pipeline(builder, topics, classify, classifier, route, costs);
        return builder.build();
    }

    /** The pipeline's stages plus the analytics stages (spend aggregates of the settled responses, recent decisions). */
    public static Topology build(Topics topics, ClassifyConfig classify, PromptClassifier classifier, RouteConfig route,
                                 CostEstimator costs, SpendConfig spend) {
        StreamsBuilder builder = new StreamsBuilder();
        new SpendStage(spend, topics).addTo(builder, pipeline(builder, topics, classify, classifier, route, costs));
        new RecentDecisionsStage(topics).addTo(builder);
        return builder.build();
    }

    /**
     * Classify in front of route, which takes the requests classify hands it in the same task.
     *
     * @return the responses that settled their request, each request once
     */
    private static KStream<String, LlmResponse> pipeline(StreamsBuilder builder, Topics topics, ClassifyConfig classify,
                                                         PromptClassifier classifier, RouteConfig route, CostEstimator costs) {
        return new RouteStage(route, topics, costs).addTo(builder, new ClassifyStage(classify, topics, classifier).addHandingOff(builder));
    }
}
