package dev.gavel.bench.runner;

import java.util.List;
import java.util.Locale;

/**
 * chart.svg: two bar panels side by side, requests/s and p99 latency, one row per measured scenario;
 * the references grey, a scenario whose archive fell 2 s or more behind hatched and labelled with
 * its lag (its rate was a burst, not sustained). Plain SVG 1.1, no script, no external reference.
 */
final class Chart {

    private static final int ROW = 22;
    private static final int TOP = 50;
    private static final int LABEL = 170;
    private static final int BAR = 300;
    private static final int GAP = 200;

    private Chart() {
    }

    static String svg(List<ScenarioResult> results) {
        // The live rows count delivered events and their delays, not requests: the report's tables show them.
        List<ScenarioResult> rows = results.stream().filter(ScenarioResult::ok).filter(r -> !Scenario.isLive(r.name())).toList();
        if (rows.isEmpty()) {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>\n";
        }
        double maxRps = rows.stream().mapToDouble(r -> r.result().orElseThrow().rps()).max().orElse(0);
        double maxP99 = rows.stream().mapToDouble(r -> r.result().orElseThrow().p99Us()).max().orElse(0);
        int height = TOP + rows.size() * ROW + 40;
        int width = LABEL + 2 * BAR + GAP + 60;
        StringBuilder svg = new StringBuilder();
        svg.append(format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height));
        svg.append("<defs><pattern id=\"backlog\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
                .append("<rect width=\"3\" height=\"6\" fill=\"#1f77b4\"/></pattern></defs>\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(format("<text x=\"%d\" y=\"30\" font-weight=\"bold\">throughput (requests/s)</text>%n", LABEL));
        svg.append(format("<text x=\"%d\" y=\"30\" font-weight=\"bold\">latency p99 (ms)</text>%n", LABEL + BAR + GAP));
        for (int i = 0; i < rows.size(); i++) {
            ScenarioResult r = rows.get(i);
            LoadResult load = r.result().orElseThrow();
            int y = TOP + i * ROW;
            boolean reference = Scenario.isReference(r.name());
            svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LABEL - 8, y + 14, escape(r.name())));
            double wr = maxRps > 0 ? load.rps() / maxRps * BAR : 0;
            String fill = reference ? "#9e9e9e" : r.sustained() ? "#1f77b4" : "url(#backlog)";
            String backlog = r.sustained() ? "" : format(" (archive lag %s s)", Fmt.seconds(r.lag().orElseThrow().seconds()));
            svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n", LABEL, y + 2, wr, fill));
            svg.append(format("<text x=\"%.1f\" y=\"%d\">%s%s</text>%n", LABEL + wr + 4, y + 14, Fmt.rps(load.rps()), backlog));
            double wp = maxP99 > 0 ? load.p99Us() / maxP99 * BAR : 0;
            svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n", LABEL + BAR + GAP, y + 2, wp,
                    reference ? "#bdbdbd" : "#d62728"));
            svg.append(format("<text x=\"%.1f\" y=\"%d\">%s</text>%n", LABEL + BAR + GAP + wp + 4, y + 14, Fmt.ms(load.p99Us())));
        }
        svg.append(format("<text x=\"%d\" y=\"%d\" fill=\"#555\">grey: reference servers measured in the same run;"
                + " hatched: the archive was 2 s or more behind at the end (a burst rate, not sustained)</text>%n", LABEL, height - 12));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
