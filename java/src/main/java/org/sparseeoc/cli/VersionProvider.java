package org.sparseeoc.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (the build's project version). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"sparse-eoc " + (version == null ? "(development build)" : version)};
    }
}
