package dev.llmrouter.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Serves files from a classpath folder, e.g. the dashboard's HTML and JavaScript. */
public final class StaticResources implements Route {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "json", WebResponse.JSON);

    private final String root;
    private final String index;
    private final String parameter;

    /**
     * @param root      classpath folder, e.g. {@code /dashboard}
     * @param index     file served for an empty path
     * @param parameter the route's {@code {name...}} parameter holding the file path
     */
    public StaticResources(String root, String index, String parameter) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.index = index;
        this.parameter = parameter;
    }

    @Override
    public WebResponse handle(WebRequest request) throws IOException {
        String file = request.pathParameter(parameter);
        if (file.isEmpty()) {
            file = index;
        }
        if (file.contains("..") || file.startsWith("/")) {
            throw WebException.notFound("no resource at " + request.path());
        }
        try (InputStream in = StaticResources.class.getResourceAsStream(root + file)) {
            if (in == null) {
                throw WebException.notFound("no resource at " + request.path());
            }
            String extension = file.substring(file.lastIndexOf('.') + 1);
            return new WebResponse(200, TYPES.getOrDefault(extension, "application/octet-stream"), Map.of(), in.readAllBytes());
        }
    }
}
