/**
 * The {@code sparse-eoc} command line (picocli): parses options, calls one library method per
 * command, prints the result. No computation lives here.
 */
package org.sparseeoc.cli;
