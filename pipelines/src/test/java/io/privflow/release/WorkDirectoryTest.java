package io.privflow.release;

import io.privflow.testing.WorkLeftovers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
    assertEquals(WorkDirectory.PREFIX, WorkLeftovers.PREFIX, "the tests look for what the runs write");
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

  /** After a failed run no late worker thread can put noisy values back at the work directory's path. */
  @Test
  void aFailedRunsDirectoryIsReplacedByAnOwnerOnlyPlaceholderNoWorkerCanWriteThrough() throws Exception {
    Path work = WorkDirectory.create(dir.resolve("release"));
    Files.writeString(Files.createDirectories(work.resolve("noisy")).resolve("shard-0"), "7");
    assertTrue(WorkDirectory.destroyAndBar(work));
    assertTrue(WorkDirectory.isPlaceholder(work));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work)));
    assertEquals(Owner.current(), Files.readString(work, StandardCharsets.UTF_8), "its owner's name, nothing else");
    // what Beam's local file system does before it writes a temporary file
    assertThrows(IOException.class, () -> Files.createDirectories(work.resolve("noisy/.temp-beam-1")));
    assertEquals(List.of(), WorkLeftovers.directories(dir));
  }

  /**
   * A worker that keeps re-creating the directory while it is destroyed (the DirectRunner's late
   * thread did) loses: when destroyAndBar returns, the path is a placeholder and the worker's writes
   * fail from then on. Without the placeholder (plain destroy) the worker's file comes back.
   */
  @Test
  void aWorkerRecreatingTheDirectoryCannotOutliveThePlaceholder() throws Exception {
    Path work = WorkDirectory.create(dir.resolve("release"));
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger();
    Thread worker = new Thread(() -> {
      while (!stop.get()) {
        try {
          Files.writeString(Files.createDirectories(work.resolve("noisy")).resolve("shard-" + written.get()), "7");
          written.incrementAndGet();
        } catch (IOException e) {
          // the path is barred, or the tree was deleted under it
        }
      }
    });
    worker.start();
    try {
      while (written.get() < 10) {
        Thread.onSpinWait();
      }
      assertTrue(WorkDirectory.destroyAndBar(work));
      Thread.sleep(200); // the worker keeps trying
      assertTrue(WorkDirectory.isPlaceholder(work), "still barred while the worker runs");
      assertEquals(List.of(), WorkLeftovers.directories(dir));
    } finally {
      stop.set(true);
      worker.join();
    }

    // the control: plain deletion does not keep a writer out
    Path other = WorkDirectory.create(dir.resolve("release-2"));
    assertTrue(WorkDirectory.destroy(other));
    Files.writeString(Files.createDirectories(other.resolve("noisy")).resolve("late"), "7");
    assertTrue(Files.exists(other.resolve("noisy/late")), "a late write after plain deletion lands");
  }

  @Test
  void placeholdersAreRemovedOnlyOnceTheirOwnerIsGone() throws Exception {
    Path mine = WorkDirectory.create(dir.resolve("release"));
    assertTrue(WorkDirectory.destroyAndBar(mine));
    Path dead = WorkDirectory.create(dir.resolve("release"));
    assertTrue(WorkDirectory.destroyAndBar(dead));
    Files.writeString(dead, deadOwner());
    Path unnamed = Files.createFile(dir.resolve(WorkDirectory.PREFIX + java.util.UUID.randomUUID()));

    WorkDirectory.removeDead(dir.resolve("release"));

    assertFalse(Files.exists(dead, LinkOption.NOFOLLOW_LINKS), "its owner is gone");
    assertTrue(WorkDirectory.isPlaceholder(mine), "this process may still have a late worker");
    assertTrue(WorkDirectory.isPlaceholder(unnamed), "no owner named: kept");
  }
}
