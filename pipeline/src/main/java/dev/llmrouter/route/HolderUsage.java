package dev.llmrouter.route;

/**
 * What one budget holder (a user, a session, a tenant) has committed in the current period.
 *
 * @param holder         readable name, e.g. {@code user ada}, for decisions and refusals
 * @param budget         the holder's budget under the policy in force
 * @param spentMicros    settled spend
 * @param reservedMicros estimates of requests still in flight
 */
record HolderUsage(String holder, Budget budget, long spentMicros, long reservedMicros) {

    long committedMicros() {
        return spentMicros + reservedMicros;
    }

    boolean wouldExceed(long estimateMicros) {
        return committedMicros() + estimateMicros > budget.limitMicros();
    }
}
