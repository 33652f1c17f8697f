package io.privflow.release;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Identifies the process holding a budget reservation ({@code host:pid}), so that a later run can
 * tell a reservation of a killed run (same host, process gone) from one of a run in progress.
 */
final class Owner {
  private Owner() {}

  static String current() {
    return host() + ":" + ProcessHandle.current().pid();
  }

  /** True only when the owner ran on this host and its process no longer exists. */
  static boolean isDeadLocalProcess(String owner) {
    int colon = owner.lastIndexOf(':');
    if (colon < 0 || !owner.substring(0, colon).equals(host())) {
      return false;
    }
    try {
      long pid = Long.parseLong(owner.substring(colon + 1));
      return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
