package dev.llmrouter.http;

/** Answers the requests of one method and path pattern. Runs on a virtual thread, so it may block. */
@FunctionalInterface
public interface Route {

    WebResponse handle(WebRequest request) throws Exception;
}
