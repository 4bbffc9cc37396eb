package org.sparseeoc.runreport;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.sparseeoc.report.CsvTable;
import org.sparseeoc.report.CsvTable.Column;

/**
 * The Table-2-like summary, one row per group: activation, s, clip, (model), runs, final test
 * accuracy mean ± std, measured train and test sparsity, diverged fraction; as markdown, CSV and
 * HTML. The model column appears only when the groups differ in model.
 */
final class ReportTables {
    private static final String NONE = "–";

    private ReportTables() {}

    /** Whether the groups span more than one model (then the tables name it). */
    static boolean modelsDiffer(List<GroupSummary> groups) {
        return groups.stream().map(g -> g.group().model()).distinct().count() > 1;
    }

    /** The header cells of the markdown and HTML tables. */
    static List<String> headers(boolean withModel) {
        return withModel
                ? List.of(
                        "activation",
                        "s",
                        "clip",
                        "model",
                        "n",
                        "test accuracy",
                        "train zeros",
                        "test zeros",
                        "diverged",
                        "incomplete")
                : List.of(
                        "activation",
                        "s",
                        "clip",
                        "n",
                        "test accuracy",
                        "train zeros",
                        "test zeros",
                        "diverged",
                        "incomplete");
    }

    /** One group's cells, as text, matching {@link #headers}. */
    static List<String> cells(GroupSummary g, boolean withModel) {
        RunGroup group = g.group();
        String diverged = g.diverged() + "/" + (g.completed() + g.diverged());
        List<String> head = List.of(
                group.activation().cliName(),
                ClipSetting.number(group.sparsity()),
                group.clip().label());
        List<String> tail = List.of(
                Integer.toString(g.completed()),
                meanStd(g.accuracy()),
                fixed(g.trainZeros().mean(), 3),
                fixed(g.testZeros().mean(), 3),
                diverged,
                Integer.toString(g.incomplete()));
        return withModel ? concat(head, List.of(group.model()), tail) : concat(head, List.of(), tail);
    }

    /** A GitHub-flavoured markdown table. */
    static String markdown(List<GroupSummary> groups) {
        boolean withModel = modelsDiffer(groups);
        List<String> headers = headers(withModel);
        StringBuilder out = new StringBuilder();
        out.append(markdownRow(headers));
        out.append(markdownRow(headers.stream().map(h -> "---").toList()));
        for (GroupSummary g : groups) {
            out.append(markdownRow(cells(g, withModel)));
        }
        return out.toString();
    }

    /** The same numbers at full precision, units in the header. */
    static CsvTable csv(List<GroupSummary> groups) {
        CsvTable table = CsvTable.of(
                new Column("activation", "text"),
                new Column("sparsity", "fraction"),
                new Column("clip_relative", "sqrt(q*)"),
                new Column("clip_absolute", "pre-activation units"),
                new Column("model", "text"),
                new Column("completed", "runs"),
                new Column("diverged", "runs"),
                new Column("incomplete", "runs"),
                new Column("diverged_fraction", "fraction"),
                new Column("test_accuracy_mean", "fraction"),
                new Column("test_accuracy_std", "fraction"),
                new Column("test_accuracy_min", "fraction"),
                new Column("test_accuracy_max", "fraction"),
                new Column("train_zeros_mean", "fraction"),
                new Column("test_zeros_mean", "fraction"));
        for (GroupSummary g : groups) {
            ClipSetting clip = g.group().clip();
            table.row(
                    g.group().activation().cliName(),
                    g.group().sparsity(),
                    clip.scale() == ClipSetting.Scale.RELATIVE ? clip.value() : Double.NaN,
                    clip.scale() == ClipSetting.Scale.ABSOLUTE ? clip.value() : Double.NaN,
                    g.group().model(),
                    g.completed(),
                    g.diverged(),
                    g.incomplete(),
                    g.divergedFraction(),
                    g.accuracy().mean(),
                    g.accuracy().std(),
                    g.accuracy().min(),
                    g.accuracy().max(),
                    g.trainZeros().mean(),
                    g.testZeros().mean());
        }
        return table;
    }

    /** {@code 0.9512 ± 0.0031}; just the mean for one run; a dash for none. */
    static String meanStd(GroupSummary.Stats stats) {
        if (stats.n() == 0) {
            return NONE;
        }
        return stats.n() == 1 ? fixed(stats.mean(), 4) : fixed(stats.mean(), 4) + " ± " + fixed(stats.std(), 4);
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? NONE : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String markdownRow(List<String> cells) {
        return "| "
                + String.join(
                        " | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        return Stream.of(a, b, c).flatMap(List::stream).toList();
    }
}
