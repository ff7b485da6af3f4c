package dev.llmrouter.dashboard;

import dev.llmrouter.http.StaticResources;
import dev.llmrouter.http.WebResponse;
import dev.llmrouter.http.WebServer;

/**
 * The live dashboard: a static page ({@code /dashboard/}) whose script polls the JSON endpoints every
 * second and draws with inline SVG. Everything is served from the jar: no CDN, no build step.
 */
public final class DashboardRoutes {

    public static final String PATH = "/dashboard/";

    private DashboardRoutes() {
    }

    public static void register(WebServer web) {
        web.get("/", request -> WebResponse.text(302, "text/plain; charset=utf-8", "see " + PATH).withHeader("Location", PATH));
        web.get("/dashboard/{file...}", new StaticResources("/dashboard", "index.html", "file"));
    }
}
