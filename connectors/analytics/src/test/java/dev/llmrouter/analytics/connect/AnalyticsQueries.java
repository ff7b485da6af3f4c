package dev.llmrouter.analytics.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The SQL of docs/ANALYTICS.md, so tests run exactly what users read: each {@code ```sql} block whose queries start
 * with a {@code -- name: ...} line.
 */
final class AnalyticsQueries {

    private static final String MARKER = "-- name:";
    private static final Path FILE = Path.of("docs", "ANALYTICS.md");
    /** The provisioned Grafana dashboard. */
    static final Path DASHBOARD = Path.of("config", "grafana", "dashboards", "llm-router.json");
    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\((\\w+)\\)");

    private AnalyticsQueries() {
    }

    record Query(String name, String sql) {

        List<Map<String, Object>> run(Connection db) throws SQLException {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
                ResultSetMetaData columns = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= columns.getColumnCount(); i++) {
                        row.put(columns.getColumnLabel(i), result.getObject(i));
                    }
                    rows.add(row);
                }
            } catch (SQLException e) {
                throw new SQLException("Query " + name + " failed: " + e.getMessage(), e);
            }
            return rows;
        }
    }

    /** docs/ANALYTICS.md. */
    static Path repositoryFile() {
        return repositoryFile(FILE);
    }

    /**
     * The PostgreSQL queries of the provisioned Grafana dashboard, with Grafana's {@code $__timeFilter(column)} macro
     * expanded to a range covering all test data, as Grafana does before sending them.
     */
    static List<Query> dashboard(Path file) {
        List<Query> queries = new ArrayList<>();
        try {
            JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.hasNonNull("rawSql")) {
                        String sql = TIME_FILTER.matcher(target.get("rawSql").asText())
                                .replaceAll("$1 BETWEEN '2000-01-01T00:00:00Z' AND '2100-01-01T00:00:00Z'");
                        queries.add(new Query(panel.path("title").asText(), sql));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    /** A file of the repository, found from the working directory (a module's folder) upwards. */
    static Path repositoryFile(Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    static List<Query> load(Path file) {
        List<Query> queries = new ArrayList<>();
        String name = null;
        StringBuilder sql = new StringBuilder();
        boolean inSql = false;
        try {
            for (String line : Files.readAllLines(file)) {
                if (!inSql) {
                    inSql = line.strip().equals("```sql");
                    continue;
                }
                if (line.strip().equals("```")) {
                    inSql = false;
                    add(queries, name, sql);
                    name = null;
                    sql.setLength(0);
                } else if (line.startsWith(MARKER)) {
                    add(queries, name, sql);
                    name = line.substring(MARKER.length()).strip();
                    sql.setLength(0);
                } else if (name != null) {
                    sql.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        add(queries, name, sql);
        return queries;
    }

    private static void add(List<Query> queries, String name, StringBuilder sql) {
        String text = sql.toString().strip();
        if (name != null && !text.isEmpty()) {
            queries.add(new Query(name, text.endsWith(";") ? text.substring(0, text.length() - 1) : text));
        }
    }
}
