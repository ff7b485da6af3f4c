package dev.llmrouter.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws the pipeline benchmark's figures as one SVG: throughput per guarantee next to raw Kafka, and the
 * latency percentiles at each offered load on a logarithmic axis (they span milliseconds to seconds).
 */
final class BenchChart {

    private static final String[] MODES = {"raw_kafka", "alos", "eos"};
    private static final String[] MODE_LABELS = {"raw Kafka", "at_least_once", "exactly_once_v2"};
    private static final String[] COLOURS = {"#7f7f7f", "#1f77b4", "#d62728"};
    private static final String[] PERCENTILES = {"p50", "p99", "p999"};
    private static final double[] OPACITY = {0.45, 0.75, 1.0};

    private BenchChart() {
    }

    static String svg(Map<String, Object> result, List<String> rateLabels) {
        StringBuilder svg = new StringBuilder();
        int width = 900;
        int height = 620;
        svg.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(20, 24, "llm-router bench pipeline: " + result.getOrDefault("cores", "?") + " cores, broker "
                + result.getOrDefault("broker", "?") + ", load average at start " + result.getOrDefault("load_average_at_start", "?"), 14));
        throughput(svg, result);
        latency(svg, result, rateLabels);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void throughput(StringBuilder svg, Map<String, Object> result) {
        int left = 160;
        int top = 50;
        int barWidth = 600;
        double max = 1;
        for (String mode : MODES) {
            max = Math.max(max, number(result.get(mode + "_throughput_per_s")));
        }
        svg.append(text(20, top, "Maximum sustained throughput (requests/s)", 13));
        for (int i = 0; i < MODES.length; i++) {
            double value = number(result.get(MODES[i] + "_throughput_per_s"));
            int y = top + 14 + i * 30;
            svg.append(text(20, y + 15, MODE_LABELS[i], 12));
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>%n",
                    left, y, barWidth * value / max, COLOURS[i]));
            svg.append(text(left + (int) (barWidth * value / max) + 6, y + 15, String.format(Locale.ROOT, "%,.0f", value), 12));
        }
    }

    private static void latency(StringBuilder svg, Map<String, Object> result, List<String> rateLabels) {
        int left = 70;
        int top = 190;
        int plotHeight = 340;
        int plotWidth = 800;
        double minLog = -1;
        double maxLog = 5;
        svg.append(text(20, top - 10, "Latency added at fixed offered loads (ms, log scale): p50, p99, p99.9 (darker = higher percentile)", 13));
        for (int exponent = (int) minLog; exponent <= maxLog; exponent++) {
            double y = top + plotHeight - (exponent - minLog) / (maxLog - minLog) * plotHeight;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", left, y,
                    left + plotWidth, y));
            svg.append(text(left - 45, (int) y + 4, String.format(Locale.ROOT, "%s", formatMs(Math.pow(10, exponent))), 11));
        }
        List<String> groups = new ArrayList<>();
        for (String rate : rateLabels) {
            for (String mode : MODES) {
                groups.add(mode + "@" + rate);
            }
        }
        double groupWidth = (double) plotWidth / Math.max(1, groups.size());
        for (int g = 0; g < groups.size(); g++) {
            String mode = groups.get(g).substring(0, groups.get(g).indexOf('@'));
            String rate = groups.get(g).substring(groups.get(g).indexOf('@') + 1);
            int modeIndex = List.of(MODES).indexOf(mode);
            String prefix = mode.equals("raw_kafka") ? "raw_kafka_latency_" : mode + "_added_latency_";
            for (int p = 0; p < PERCENTILES.length; p++) {
                Object value = result.get(prefix + PERCENTILES[p] + "_ms_at_" + rate);
                if (value == null) {
                    continue;
                }
                double ms = Math.min(Math.pow(10, maxLog), Math.max(Math.pow(10, minLog), number(value)));
                double height = (Math.log10(ms) - minLog) / (maxLog - minLog) * plotHeight;
                double x = left + g * groupWidth + 4 + p * (groupWidth - 8) / 3;
                svg.append(String.format(Locale.ROOT,
                        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"%.2f\"><title>%s %s at %s: %s ms</title></rect>%n",
                        x, top + plotHeight - height, (groupWidth - 8) / 3 - 1, height, COLOURS[modeIndex], OPACITY[p], MODE_LABELS[modeIndex],
                        PERCENTILES[p], rate, value));
            }
            if (modeIndex == 1) {
                svg.append(text((int) (left + g * groupWidth), top + plotHeight + 18,
                        rate.equals("sustainable") ? "highest sustainable" : rate + "/s", 11));
            }
        }
        int legendY = top + plotHeight + 45;
        for (int i = 0; i < MODES.length; i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>%n", left + i * 200,
                    legendY - 11, COLOURS[i]));
            svg.append(text(left + i * 200 + 20, legendY, MODE_LABELS[i], 12));
        }
    }

    private static String formatMs(double ms) {
        return ms < 1 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,.0f", ms);
    }

    private static double number(Object value) {
        return value instanceof Number number ? number.doubleValue() : 0;
    }

    private static String text(int x, int y, String content, int size) {
        String escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">%s</text>%n", x, y, size, escaped);
    }
}
