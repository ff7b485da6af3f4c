package dev.llmrouter.runtime;

import dev.llmrouter.analytics.BudgetRoutes;
import dev.llmrouter.analytics.DecisionRoutes;
import dev.llmrouter.analytics.SpendRoutes;
import dev.llmrouter.analytics.StateQueries;
import dev.llmrouter.dashboard.DashboardRoutes;
import dev.llmrouter.dashboard.StatusRoutes;
import dev.llmrouter.http.WebException;
import dev.llmrouter.http.WebServer;
import dev.llmrouter.metrics.MetricsRoutes;
import dev.llmrouter.schema.ModelRef;
import dev.llmrouter.schema.Tier;
import java.util.Optional;
import org.apache.kafka.streams.state.HostInfo;

/** Registers the pipeline's own HTTP endpoints: metrics, health, the state queries and the dashboard. */
final class PipelineEndpoints {

    private PipelineEndpoints() {
    }

    /** @param config the effective configuration, its HTTP port the one actually listened on */
    static void register(WebServer web, Pipeline pipeline, PipelineConfig config) {
        MetricsRoutes.register(web, pipeline.metrics());
        new StatusRoutes(new StatusRoutes.Sources(() -> pipeline.streams().map(StreamsApp::state), pipeline.workerCount(),
                pipeline::inFlight, pipeline.guards()::health, pipeline.metrics())).register(web);
        Optional<StreamsApp> streams = pipeline.streams();
        if (streams.isPresent()) {
            StateQueries queries = new StateQueries(streams.get().streams(), new HostInfo(config.http().advertisedHost(), config.http().port()));
            new SpendRoutes(queries, () -> {
                ModelRef premium = pipeline.policy().chainOf(Tier.PREMIUM).getFirst();
                return premium.getProvider() + "/" + premium.getModel();
            }).register(web);
            new BudgetRoutes(queries, pipeline::policy).register(web);
            new DecisionRoutes(queries).register(web);
        } else {
            web.get("/api/{path...}", request -> {
                throw new WebException(404, request.path()
                        + " is served by instances that run the Streams application; this one runs workers only");
            });
        }
        DashboardRoutes.register(web);
    }
}
