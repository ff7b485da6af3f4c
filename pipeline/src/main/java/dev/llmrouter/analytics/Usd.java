package dev.llmrouter.analytics;

import java.math.BigDecimal;

/** Micro-dollars as exact decimal US dollars for people. */
final class Usd {

    private Usd() {
    }

    static String of(long micros) {
        return BigDecimal.valueOf(micros, 6).toPlainString();
    }
}
