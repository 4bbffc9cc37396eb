package org.sparseeoc.cli;

import picocli.CommandLine.Command;

/** Placeholder replaced by the maps command on its branch. */
@Command(name = "maps")
final class MapsCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("maps is being written");
    }
}
