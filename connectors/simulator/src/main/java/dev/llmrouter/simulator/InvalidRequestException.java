package dev.llmrouter.simulator;

/** A request body that its wire format does not allow; answered 400 in the provider's format. */
final class InvalidRequestException extends Exception {

    InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
