/**
 * {@code sparse-eoc report DIR}: finds every training run folder under a directory, groups the runs
 * by activation, target sparsity, clip and model, aggregates them over seeds (mean ± sample std of
 * the final test accuracy, measured sparsity, fraction diverged) and writes a table like the
 * paper's Table 2 (markdown and CSV), SVG plots, and one self-contained HTML page with the table and
 * the plots inlined. Reads only the files a run writes ({@code spec.json}, {@code summary.json},
 * {@code metrics.csv}); draws through {@link org.sparseeoc.report.LinePlot}.
 */
package org.sparseeoc.runreport;
