package dev.llmrouter.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The cost-quality chart of a report as a self-contained SVG file. */
public final class SvgChart {

    private static final int WIDTH = 720;
    private static final int HEIGHT = 480;
    private static final int LEFT = 70;
    private static final int RIGHT = 180;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;

    private SvgChart() {
    }

    public static void write(EvalReport report, String title, Path file) throws IOException {
        double minQ = report.rows().stream().mapToDouble(Baseline::meanQuality).min().orElse(0);
        double maxQ = report.rows().stream().mapToDouble(Baseline::meanQuality).max().orElse(1);
        double low = Math.floor(minQ * 20) / 20 - 0.05;
        double high = Math.ceil(maxQ * 20) / 20 + 0.02;
        double strongCost = report.strongCostUsd();
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
        for (int i = 0; i <= 10; i++) {
            double x = x(i / 10.0);
            svg.append(line(x, y(low, low, high), x, y(high, low, high), "#eee"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d%%</text>%n", x, HEIGHT - BOTTOM + 16, i * 10));
        }
        for (double q = Math.ceil(low * 20) / 20; q <= high + 1e-9; q += 0.05) {
            double y = y(q, low, high);
            svg.append(line(x(0), y, x(1), y, "#eee"));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n", LEFT - 6, y + 4, q));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">cost as a share of always-strongest</text>%n",
                (x(0) + x(1)) / 2, HEIGHT - 20));
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%.1f\" transform=\"rotate(-90 18 %.1f)\" text-anchor=\"middle\">mean quality</text>%n",
                (double) (TOP + HEIGHT - BOTTOM) / 2, (double) (TOP + HEIGHT - BOTTOM) / 2));
        double bar = 0.95 * report.strongQuality();
        svg.append(line(x(0), y(bar, low, high), x(1), y(bar, low, high), "#c33\" stroke-dasharray=\"4 3"));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#c33\">95%% of strongest</text>%n", x(1) + 6, y(bar, low, high) + 4));
        Baseline strong = report.rows().get(1);
        Baseline cheap = report.rows().get(2);
        svg.append(line(x(cheap.totalCostUsd() / strongCost), y(cheap.meanQuality(), low, high), x(1), y(strong.meanQuality(), low, high),
                "#999\" stroke-dasharray=\"2 2"));
        StringBuilder path = new StringBuilder();
        for (OperatingPoint p : report.curve()) {
            path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x(p.costUsd() / strongCost),
                    y(p.meanQuality(), low, high)));
        }
        svg.append(String.format("<path d=\"%s\" fill=\"none\" stroke=\"#2266cc\" stroke-width=\"2\"/>%n", path));
        String[] colours = {"#2266cc", "#000", "#777", "#999", "#2a2"};
        int legend = TOP + 10;
        for (int i = 0; i < report.rows().size(); i++) {
            Baseline row = report.rows().get(i);
            double cx = x(row.totalCostUsd() / strongCost);
            double cy = y(row.meanQuality(), low, high);
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\"/>%n", cx, cy, colours[i]));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    WIDTH - RIGHT + 20, legend, colours[i], WIDTH - RIGHT + 30, legend + 4, escape(row.name())));
            legend += 18;
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#2266cc\">router curve</text>%n", WIDTH - RIGHT + 20, legend + 4));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">saving at 95%%: %.1f%%</text>%n", WIDTH - RIGHT + 20, legend + 24,
                100 * report.costSavingAt95()));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">APGR: %.3f</text>%n", WIDTH - RIGHT + 20, legend + 42, report.apgr()));
        svg.append("</svg>\n");
        Files.writeString(file, svg);
    }

    private static double x(double share) {
        return LEFT + Math.max(0, Math.min(1.05, share)) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double quality, double low, double high) {
        return HEIGHT - BOTTOM - (quality - low) / (high - low) * (HEIGHT - TOP - BOTTOM);
    }

    private static String line(double x1, double y1, double x2, double y2, String stroke) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", x1, y1, x2, y2, stroke);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
