package dev.llmrouter.analytics.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code llm-router connect migrate}: only prepares the analytics database. */
@Command(name = "migrate", mixinStandardHelpOptions = true, version = "llm-router 0.1.0",
        description = "Creates or upgrades the analytics tables and loads the price catalog, then exits.")
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        database.prepare();
        System.err.println("[connect] analytics database ready: " + database.url);
        return 0;
    }
}
