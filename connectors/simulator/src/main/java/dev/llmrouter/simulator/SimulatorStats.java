package dev.llmrouter.simulator;

import java.util.Map;

/**
 * A snapshot of what the simulator has served since it started or was last reset.
 *
 * @param requestsByFormat   requests received per wire format id, whatever their outcome
 * @param requestsByModel    requests received per model name (those whose body named a model)
 * @param responsesByStatus  responses sent per HTTP status code
 * @param inFlight           requests being handled right now
 * @param peakInFlight       most requests handled at the same time
 */
public record SimulatorStats(
        Map<String, Long> requestsByFormat,
        Map<String, Long> requestsByModel,
        Map<Integer, Long> responsesByStatus,
        long inFlight,
        long peakInFlight) {

    public SimulatorStats {
        requestsByFormat = Map.copyOf(requestsByFormat);
        requestsByModel = Map.copyOf(requestsByModel);
        responsesByStatus = Map.copyOf(responsesByStatus);
    }

    /** Requests received for {@code model}. */
    public long requests(String model) {
        return requestsByModel.getOrDefault(model, 0L);
    }

    /** Requests received in {@code format}. */
    public long requests(WireFormat format) {
        return requestsByFormat.getOrDefault(format.id(), 0L);
    }

    /** Responses sent with {@code status}. */
    public long responses(int status) {
        return responsesByStatus.getOrDefault(status, 0L);
    }
}
