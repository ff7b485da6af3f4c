package dev.llmrouter.simulator;

/**
 * A chat request reduced to what the simulation needs, whatever the wire format.
 *
 * @param model       model named by the request
 * @param inputText   all the prompt text (system and messages), which input tokens are counted from
 * @param cachePrefix the part a prompt cache may hold (system prompt, or Anthropic blocks up to the last
 *                    {@code cache_control} marker); {@code null} when nothing is cacheable
 * @param maxTokens   the output token limit asked for; 0 for none
 * @param json        whether a JSON answer was asked for
 * @param question    the last user message, which the answer quotes
 */
record SimRequest(String model, String inputText, String cachePrefix, int maxTokens, boolean json, String question) {
}
