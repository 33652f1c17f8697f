package io.privflow.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's work directory (#11 item 10): {@code .privflow-work-<uuid>} beside the release location,
 * owner-only from the moment it exists, naming the process that owns it. A later run removes only
 * the work directories whose owner process is gone on this host, never one by its name, so a run
 * whose output is {@code release} cannot touch the files of a run writing {@code release-2}. Also
 * {@link Owner}: how a dead owner is told from a live one. Under a second in all.
 */
class WorkDirectoryTest {
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @TempDir Path dir;

  /** "host:pid" of a process that has ended (its pid is not reused within the test, in practice). */
  private static String deadOwner() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return host() + ":" + p.pid();
  }

  private static String host() {
    String me = Owner.current();
    return me.substring(0, me.lastIndexOf(':'));
  }

  private static String owner(Path work) throws Exception {
    return Files.readString(work.resolve("owner"), StandardCharsets.UTF_8);
  }

  private List<String> workDirectories() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(WorkDirectory.PREFIX)).sorted().toList();
    }
  }

  @Test
  void eachRunGetsItsOwnOwnerOnlyDirectoryNamedByAUuidNotByItsOutput() throws Exception {
    Path first = WorkDirectory.create(dir.resolve("release"));
    Path second = WorkDirectory.create(dir.resolve("release"));
    assertNotEquals(first, second);
    for (Path w : List.of(first, second)) {
      assertEquals(dir, w.getParent(), "beside the release location: one rename publishes");
      assertTrue(w.getFileName().toString().matches("\\.privflow-work-" + UUID), w.toString());
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(w)));
      assertEquals(Owner.current(), owner(w));
    }
  }

  @Test
  void onlyTheWorkDirectoriesOfProcessesThatAreGoneAreRemoved() throws Exception {
    Process alive = new ProcessBuilder("sleep", "60").start();
    try {
      Path mine = WorkDirectory.create(dir.resolve("release-2")); // a run in progress in this process
      Path otherLive = WorkDirectory.create(dir.resolve("release-3"));
      Files.writeString(otherLive.resolve("owner"), host() + ":" + alive.pid());
      Path dead = WorkDirectory.create(dir.resolve("release"));
      Files.writeString(dead.resolve("owner"), deadOwner());
      Path otherHost = WorkDirectory.create(dir.resolve("release"));
      Files.writeString(otherHost.resolve("owner"), "another-host.example:1");
      Path unnamed = Files.createDirectory(dir.resolve(WorkDirectory.PREFIX + java.util.UUID.randomUUID()));
      Path output = Files.createDirectory(dir.resolve("release-2-staged"));

      WorkDirectory.removeDead(dir.resolve("release"));

      assertFalse(Files.exists(dead), "its owner is gone");
      for (Path kept : List.of(mine, otherLive, otherHost, unnamed, output)) {
        assertTrue(Files.isDirectory(kept), kept + " was removed");
      }
      assertEquals(4, workDirectories().size());
    } finally {
      alive.destroyForcibly();
    }
  }

  @Test
  void anOwnerIsDeadOnlyWhenItRanOnThisHostAndItsProcessIsGone() throws Exception {
    assertFalse(Owner.isDeadLocalProcess(Owner.current()), "this process");
    assertTrue(Owner.isDeadLocalProcess(deadOwner()));
    Process alive = new ProcessBuilder("sleep", "60").start();
    try {
      assertFalse(Owner.isDeadLocalProcess(host() + ":" + alive.pid()), "a live process");
    } finally {
      alive.destroyForcibly();
    }
    assertFalse(Owner.isDeadLocalProcess("another-host.example:1"), "another host's process cannot be seen");
    assertFalse(Owner.isDeadLocalProcess(host() + ":not-a-pid"));
    assertFalse(Owner.isDeadLocalProcess("no-colon"));
  }

  @Test
  void destroyRemovesTheWholeTreeAndSaysSo() throws Exception {
    Path work = WorkDirectory.create(dir.resolve("release"));
    Files.writeString(Files.createDirectories(work.resolve("noisy")).resolve("shard-0"), "7");
    assertTrue(WorkDirectory.destroy(work));
    assertFalse(Files.exists(work));
    assertTrue(WorkDirectory.destroy(work), "a directory that is gone is destroyed");
  }
}
