package com.evalops.cli;

import picocli.CommandLine;

/** The version from the jar's manifest, or "development" when run from classes. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Version.class.getPackage().getImplementationVersion();
    return new String[] {"evalops " + (version == null ? "development" : version)};
  }
}
