package org.sparseeoc.runreport;

import java.util.List;
import java.util.Locale;

/**
 * The report as one self-contained HTML page: inline CSS, the summary table, every plot as inline
 * SVG, the list of runs and the warnings. No scripts, no external resources (no URLs, no {@code
 * src} attributes), so it opens from disk in any browser and can be mailed as one file.
 */
final class HtmlPage {
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 24px auto; max-width: 1060px; color: #222; padding: 0 16px; }
            h1 { font-size: 24px; } h2 { font-size: 19px; margin-top: 32px; }
            table { border-collapse: collapse; margin: 12px 0; font-size: 14px; }
            th, td { border: 1px solid #ccc; padding: 4px 10px; }
            th { background: #f2f2f2; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 20px 0; }
            figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 14px; color: #555; margin-top: 4px; }
            .note { font-size: 14px; color: #444; }
            .warning { color: #a33; }
            """;

    private HtmlPage() {}

    static String render(
            String title, List<GroupSummary> groups, List<ReportPlots.Figure> figures, RunScanner.Scan scan) {
        boolean withModel = ReportTables.modelsDiffer(groups);
        StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n<p>")
                .append(escape(RunReport.counts(groups, scan)))
                .append("</p>\n<h2>Summary over seeds</h2>\n<table>\n<tr>");
        for (String header : ReportTables.headers(withModel)) {
            out.append("<th>").append(escape(header)).append("</th>");
        }
        out.append("</tr>\n");
        for (GroupSummary g : groups) {
            out.append("<tr>");
            for (String cell : ReportTables.cells(g, withModel)) {
                boolean numeric = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.equals("–"));
                out.append(numeric ? "<td class=\"num\">" : "<td>")
                        .append(escape(cell))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n<p class=\"note\">")
                .append(escape(RunReport.CONVENTIONS))
                .append("</p>\n<h2>Plots</h2>\n");
        for (ReportPlots.Figure figure : figures) {
            out.append("<figure>\n")
                    .append(figure.plot().toInlineSvg())
                    .append("<figcaption>")
                    .append(escape(figure.caption()))
                    .append(" (also ")
                    .append(escape(figure.baseName()))
                    .append(".svg)</figcaption>\n</figure>\n");
        }
        out.append("<h2>Runs</h2>\n<table>\n<tr><th>folder</th><th>group</th><th>seed</th><th>state</th>")
                .append("<th>test accuracy</th></tr>\n");
        for (RunRecord run : scan.runs()) {
            out.append("<tr><td>")
                    .append(escape(
                            run.dir().toString().isEmpty() ? "." : run.dir().toString()))
                    .append("</td><td>")
                    .append(escape(run.group().label(withModel)))
                    .append("</td><td class=\"num\">")
                    .append(run.seed())
                    .append("</td><td>")
                    .append(run.state().name().toLowerCase(Locale.ROOT))
                    .append("</td><td class=\"num\">")
                    .append(escape(
                            run.end() == null
                                    ? "–"
                                    : ReportTables.fixed(run.end().testAccuracy(), 4)))
                    .append("</td></tr>\n");
        }
        out.append("</table>\n");
        if (!scan.warnings().isEmpty()) {
            out.append("<h2>Warnings</h2>\n<ul>\n");
            for (String warning : scan.warnings()) {
                out.append("<li class=\"warning\">").append(escape(warning)).append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
