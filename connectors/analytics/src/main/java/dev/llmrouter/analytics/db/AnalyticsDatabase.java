package dev.llmrouter.analytics.db;

import dev.llmrouter.pricing.ModelPrice;
import dev.llmrouter.pricing.PriceCatalog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the analytics database: applies the schema migrations ({@code db/migration/V*.sql}, with Flyway, so
 * a database at any earlier version is brought forward and a current one is left alone), then loads the price
 * catalog into {@code model_prices} and names the premium reference model of the savings report.
 * Every step is idempotent: running it at each start of the Connect worker is safe.
 */
public final class AnalyticsDatabase {

    /** The premium reference by default: the first model of the bundled policy's premium tier. */
    public static final String DEFAULT_PREMIUM_MODEL = "openai/gpt-5";
    private static final Logger log = LoggerFactory.getLogger(AnalyticsDatabase.class);

    private final String url;
    private final String user;
    private final String password;

    /**
     * @param url      JDBC URL of the PostgreSQL database, e.g. {@code jdbc:postgresql://db:5432/analytics}
     * @param user     database user allowed to create tables
     * @param password its password, or null
     */
    public AnalyticsDatabase(String url, String user, String password) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
    }

    /**
     * Migrates the schema, loads {@code catalog}'s prices and sets the premium reference model.
     *
     * @param premiumModel {@code provider/model}; must be in the catalog
     * @throws IllegalArgumentException if the premium model is not in the catalog
     */
    public void prepare(PriceCatalog catalog, String premiumModel) {
        String[] reference = premiumModel.split("/", 2);
        if (reference.length != 2 || catalog.price(reference[0], reference[1]).isEmpty()) {
            throw new IllegalArgumentException("Premium reference model '" + premiumModel + "' is not in price catalog "
                    + catalog.version() + " (expected provider/model, e.g. " + DEFAULT_PREMIUM_MODEL + ")");
        }
        MigrateResult result = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        log.info("Analytics schema at version {} ({} migrations applied)", result.targetSchemaVersion,
                result.migrationsExecuted);
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            int models = loadPrices(connection, catalog);
            setPremiumReference(connection, reference[0], reference[1]);
            connection.commit();
            log.info("Loaded {} model prices of catalog {}; premium reference {}", models, catalog.version(), premiumModel);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot load the price catalog into " + url + ": " + e.getMessage(), e);
        }
    }

    private static int loadPrices(Connection connection, PriceCatalog catalog) throws SQLException {
        String upsert = """
                INSERT INTO model_prices (catalog_version, provider, model, tier, input_per_million, output_per_million,
                                          cached_input_per_million, cache_write_per_million, context_window)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (catalog_version, provider, model) DO UPDATE SET
                    tier = excluded.tier, input_per_million = excluded.input_per_million,
                    output_per_million = excluded.output_per_million,
                    cached_input_per_million = excluded.cached_input_per_million,
                    cache_write_per_million = excluded.cache_write_per_million, context_window = excluded.context_window
                """;
        try (PreparedStatement statement = connection.prepareStatement(upsert)) {
            for (ModelPrice price : catalog.models()) {
                statement.setString(1, catalog.version());
                statement.setString(2, price.provider());
                statement.setString(3, price.model());
                statement.setString(4, price.tier().name());
                statement.setBigDecimal(5, price.inputPerMillion());
                statement.setBigDecimal(6, price.outputPerMillion());
                statement.setBigDecimal(7, price.cachedInputPerMillion());
                statement.setBigDecimal(8, price.cacheWritePerMillion());
                statement.setLong(9, price.contextWindow());
                statement.addBatch();
            }
            statement.executeBatch();
        }
        return catalog.models().size();
    }

    private static void setPremiumReference(Connection connection, String provider, String model) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO premium_reference (provider, model) VALUES (?, ?)
                ON CONFLICT (singleton) DO UPDATE SET provider = excluded.provider, model = excluded.model
                """)) {
            statement.setString(1, provider);
            statement.setString(2, model);
            statement.executeUpdate();
        }
    }
}
