package io.privflow.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned list of a run's inputs (#11 item 11): the paths the pipeline reads are the ones pinned,
 * whatever appears later, and every way a pinned file can change under a run is reported: its size,
 * its modification time alone, its identity (replaced by another file of the same size and time),
 * or its removal. Milliseconds per test.
 */
class InputSnapshotTest {
  @TempDir Path dir;
  private Path a;
  private Path b;
  private InputSnapshot snapshot;

  @BeforeEach
  void pinTwoFiles() throws Exception {
    a = Files.writeString(dir.resolve("a.csv"), "subscriber_id,event_time,cell_id\n4511,2020-03-01T08:00:00Z,cA\n");
    b = Files.writeString(dir.resolve("b.csv"), "cell_id,lat,lon\ncA,55.5,10.5\n");
    List<InputSnapshot.Entry> files = new ArrayList<>(InputSnapshot.pin("network_events", List.of(a)));
    files.addAll(InputSnapshot.pin("cells", List.of(b)));
    snapshot = new InputSnapshot(files);
  }

  @Test
  void anUntouchedSnapshotHasNothingChangedAndItsPathsByKind() throws Exception {
    Files.writeString(dir.resolve("c.csv"), "a file added beside them later\n");
    assertEquals(List.of(), snapshot.changed(), "a new file in the folder changes no pinned file");
    assertEquals(List.of(a.toString()), snapshot.paths("network_events"));
    assertEquals(List.of(b.toString()), snapshot.paths("cells"));
    assertEquals(List.of(), snapshot.paths("gps_events"));
    Files.readAllBytes(a); // reading changes nothing
    assertEquals(List.of(), snapshot.changed());
  }

  @Test
  void aTruncatedFileIsChanged() throws Exception {
    FileTime t = Files.getLastModifiedTime(a);
    Files.writeString(a, "subscriber_id,event_time,cell_id\n");
    Files.setLastModifiedTime(a, t); // even with its old time
    assertEquals(List.of(a.toString()), snapshot.changed());
  }

  @Test
  void aFileWithOnlyANewModificationTimeIsChanged() throws Exception {
    Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 1));
    assertEquals(List.of(b.toString()), snapshot.changed());
  }

  @Test
  void aFileReplacedByAnotherOfTheSameSizeAndTimeIsChanged() throws Exception {
    FileTime t = Files.getLastModifiedTime(a);
    String same = Files.readString(a).replace("cA", "cB");
    Path other = Files.writeString(dir.resolve("other.tmp"), same);
    Files.setLastModifiedTime(other, t);
    Files.move(other, a, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals(t, Files.getLastModifiedTime(a));
    assertEquals(List.of(a.toString()), snapshot.changed(), "another file (inode) under the same name");
  }

  @Test
  void aRemovedFileIsChanged() throws Exception {
    Files.delete(a);
    Files.delete(b);
    assertEquals(List.of(a.toString(), b.toString()), snapshot.changed());
  }

  @Test
  void pinningAMissingFileFails() {
    assertThrows(NoSuchFileException.class, () -> InputSnapshot.pin("cells", List.of(dir.resolve("gone.csv"))));
  }
}
