package dev.llmrouter.route;

import dev.llmrouter.schema.RouteReason;
import dev.llmrouter.schema.Tier;

/**
 * A routing decision in the making: each step of {@link Router} takes one and may return a changed one.
 *
 * @param tier    the tier the request goes to
 * @param reason  why, as recorded in the decision; the last step that changed the tier sets it
 * @param detail  a readable explanation
 * @param maxTier the highest tier any attempt may use; {@link Tier#UNSPECIFIED} while no budget caps the request
 * @param floor   the lowest tier load shedding may move to (the request's minTier hint), or UNSPECIFIED
 */
record Choice(Tier tier, RouteReason reason, String detail, Tier maxTier, Tier floor) {

    Choice withTier(Tier newTier, RouteReason newReason, String newDetail) {
        return new Choice(newTier, newReason, newDetail, maxTier, floor);
    }

    Choice withMaxTier(Tier cap) {
        return new Choice(tier, reason, detail, cap, floor);
    }
}
