package dev.llmrouter.route;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/** The {@code load:} section of a policy file: as written, and validated into {@link LoadRules}. */
final class LoadSection {

    private LoadSection() {
    }

    record LoadFile(String window, @JsonProperty("enter-rps") Double enterRps, @JsonProperty("exit-rps") Double exitRps,
                    String hold) {
    }

    static LoadRules read(LoadFile file, PolicyErrors errors) {
        if (file == null) {
            return LoadRules.disabled();
        }
        Duration window = file.window() == null ? Duration.ofSeconds(10) : CacheSection.duration(file.window(), "load.window", errors);
        if (window.toMillis() < 1_000 || window.compareTo(LoadMonitor.MAX_WINDOW) > 0) {
            throw errors.error("load.window", "is " + file.window(), "from 1s to 60s");
        }
        Duration hold = file.hold() == null ? Duration.ofSeconds(60) : CacheSection.duration(file.hold(), "load.hold", errors);
        if (file.enterRps() == null || !(file.enterRps() > 0)) {
            throw errors.error("load.enter-rps", "is " + file.enterRps(), "a positive rate in requests per second per instance");
        }
        double exit = file.exitRps() == null ? file.enterRps() * 0.7 : file.exitRps();
        if (!(exit >= 0) || exit >= file.enterRps()) {
            throw errors.error("load.exit-rps", "is " + exit + ", not below enter-rps " + file.enterRps(),
                    "a rate from 0 to below enter-rps, so the shift does not flap");
        }
        return new LoadRules(true, window, file.enterRps(), exit, hold);
    }
}
