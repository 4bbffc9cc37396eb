package org.sparseeoc.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A sweep spec as read from its file: the base experiment spec and the overrides that make each
 * run. Field reference: experiments/README.md, section Sweeps.
 *
 * @param file the sweep file (relative paths in it are relative to its folder)
 * @param name the sweep's name, {@code [A-Za-z0-9._-]+}: it prefixes every run name
 * @param base the experiment spec every run starts from
 * @param output folder of the sweep's run folders and plan, relative to the working directory
 * @param grids cartesian products of axes, expanded in order and concatenated
 * @param points explicit points after the grids, each a list of overrides
 */
public record SweepSpec(
        Path file, String name, BaseSpec base, String output, List<Grid> grids, List<List<Assignment>> points) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** The default of {@code output}: {@code results/sweeps/<name>}. */
    static String defaultOutput(String name) {
        return "results/sweeps/" + name;
    }

    public SweepSpec {
        grids = List.copyOf(grids);
        points = points.stream().map(List::copyOf).toList();
        if (!NAME.matcher(name).matches() || name.chars().allMatch(c -> c == '.')) {
            throw new SweepException(
                    file.toString(),
                    "name",
                    "'" + name + "' is not a valid sweep name: use letters, digits, '.', '_' and '-' only");
        }
        if (output.isBlank()) {
            throw new SweepException(
                    file.toString(), "output", "must name a folder; leave it out for " + defaultOutput(name));
        }
        if (grids.isEmpty() && points.isEmpty()) {
            throw new SweepException(
                    file.toString(),
                    "",
                    "no runs: give \"grids\" (e.g. [{\"seed\": [1, 2, 3]}]) and/or \"points\" (e.g. [{\"seed\": 4}])");
        }
    }

    /** The sweep's results folder. */
    public Path outputDir() {
        return Path.of(output);
    }

    /** Every point's overrides in plan order: the grids' points in order, then the listed points. */
    List<List<Assignment>> expand() {
        List<List<Assignment>> all = new ArrayList<>();
        for (Grid grid : grids) {
            all.addAll(grid.expand());
        }
        all.addAll(points);
        return all;
    }
}
