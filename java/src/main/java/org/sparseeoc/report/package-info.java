/**
 * Writes results to disk for people to read: CSV tables with named, unit-carrying columns and
 * XChart line plots as PNG and SVG, every file written atomically (a temporary file in the same
 * folder, then one rename), plus the mean-field map report ({@link org.sparseeoc.report.MapsReport})
 * built on them. Computes nothing itself beyond calling the theory API.
 */
package org.sparseeoc.report;
