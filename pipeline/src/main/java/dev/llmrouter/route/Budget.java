package dev.llmrouter.route;

import dev.llmrouter.schema.Tier;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * A spending limit over a period, in exact micro-dollars, with its downgrade ladder: once committed
 * spend (settled plus reserved) reaches a step's share of the limit, requests go no higher than the
 * step's tier. At the limit itself requests are refused.
 *
 * @param ladder steps in ascending order of {@link Step#at()}, each to a cheaper tier than the one before
 */
public record Budget(Period period, long limitMicros, List<Step> ladder) {

    public Budget {
        ladder = List.copyOf(ladder);
    }

    public static Budget ofUsd(Period period, BigDecimal usd) {
        return ofUsd(period, usd, List.of());
    }

    public static Budget ofUsd(Period period, BigDecimal usd, List<Step> ladder) {
        return new Budget(period, usd.movePointRight(6).longValueExact(), ladder);
    }

    /**
     * A step of the ladder.
     *
     * @param at   share of the limit, above 0 and below 1
     * @param tier the highest tier allowed from there on
     */
    public record Step(double at, Tier tier) {
    }

    /** The last step reached by {@code committedMicros} of spend, if any. */
    public Optional<Step> stepAt(long committedMicros) {
        Step reached = null;
        for (Step step : ladder) {
            if (limitMicros == 0 || committedMicros >= step.at() * limitMicros) {
                reached = step;
            }
        }
        return Optional.ofNullable(reached);
    }

    /** Budget periods, aligned to UTC calendar boundaries. */
    public enum Period {
        DAY, MONTH
    }
}
