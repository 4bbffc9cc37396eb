/**
 * Writes results to disk for people to read: CSV tables with named, unit-carrying columns and line
 * plots, every file written atomically (a temporary file in the same folder, then one rename), plus
 * the mean-field map report ({@link org.sparseeoc.report.MapsReport}) built on them. Plots are SVG
 * drawn here by string building ({@code SvgPlot}, no {@code java.awt}, so they
 * work on a jlink'd runtime without {@code java.desktop}) and, where that module is present, also PNG
 * through XChart ({@code PngPlot}). Computes nothing itself beyond calling the
 * theory API.
 */
package org.sparseeoc.report;
