package io.privflow.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Owner-only directories (state, custodian). Two runs started together both try to create the
 * state directory: the loser once failed with "cannot create … (FileAlreadyExistsException)"
 * (ConcurrentRunsTest caught it between processes); here threads race for it many times.
 */
class OwnerOnlyTest {
  @TempDir Path dir;

  @Test
  void runsThatCreateTheSameDirectoryAtOnceAllGetIt() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        Path target = dir.resolve("round-" + round).resolve("state");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Path>> made = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          made.add(pool.submit(() -> {
            go.await();
            return OwnerOnly.directory(target, "the test's files");
          }));
        }
        go.countDown();
        for (Future<Path> f : made) {
          assertEquals(target, f.get());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDirectoryOthersCanReadIsRefusedNamingTheRemedy() throws Exception {
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
    var e = assertThrows(OwnerOnly.ExposedException.class, () -> OwnerOnly.directory(open, "secrets"));
    assertTrue(e.getMessage().contains("can be read by others (rwxr-xr-x)") && e.getMessage().contains("chmod 700"),
        e.getMessage());
  }
}
