package dev.llmrouter.analytics.cli;

import dev.llmrouter.analytics.db.AnalyticsDatabase;
import dev.llmrouter.pricing.PriceCatalog;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the analytics database is and what to load into it; the password only ever comes from the environment. */
final class DatabaseOptions {

    @Option(names = "--postgres-url", description = "JDBC URL of the analytics database (default: $ANALYTICS_DB_URL or ${DEFAULT-VALUE})",
            defaultValue = "${env:ANALYTICS_DB_URL:-jdbc:postgresql://localhost:5432/analytics}")
    String url;

    @Option(names = "--postgres-user", description = "Database user (default: $ANALYTICS_DB_USER or ${DEFAULT-VALUE})",
            defaultValue = "${env:ANALYTICS_DB_USER:-postgres}")
    String user;

    @Option(names = "--postgres-password-env", paramLabel = "NAME",
            description = "Environment variable holding the database password (default: ${DEFAULT-VALUE}); unset means none.",
            defaultValue = "ANALYTICS_DB_PASSWORD")
    String passwordEnv;

    @Option(names = "--prices", description = "Price catalog to load into model_prices (default: the bundled catalog).")
    Path prices;

    @Option(names = "--premium-model", paramLabel = "PROVIDER/MODEL",
            description = "Reference model of the savings report (default: ${DEFAULT-VALUE}).",
            defaultValue = AnalyticsDatabase.DEFAULT_PREMIUM_MODEL)
    String premiumModel;

    void prepare() {
        PriceCatalog catalog = prices != null ? PriceCatalog.load(prices) : PriceCatalog.load();
        new AnalyticsDatabase(url, user, System.getenv(passwordEnv)).prepare(catalog, premiumModel);
    }
}
