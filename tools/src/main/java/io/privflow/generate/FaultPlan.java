package io.privflow.generate;

import java.util.BitSet;

/**
 * The deliberate bad input, decided up front so it is deterministic and independent of how many
 * events each device happens to have: which devices (by position in the file) get one unknown cell
 * id, one unparsable time, one (0, 0) GPS fix or one fix at sea, plus how many rows with an empty
 * subscriber id head the network file. The counts grow slowly with the number of devices and stay
 * far below 1% of the rows.
 *
 * <p>A fault due on a device without events of the right kind is carried over to the next device
 * that has some, so every planned fault ends up in the files (unless the last devices are silent).
 */
final class FaultPlan {
  final BitSet unknownCell;
  final BitSet badTime;
  final BitSet gpsZero;
  final BitSet gpsSea;
  final int emptySubscriberRows;

  FaultPlan(int devices, BitSet gpsDevices, Draw d) {
    unknownCell = pick(devices, 4 + devices / 1000, null, d);
    badTime = pick(devices, 3 + devices / 1000, null, d);
    gpsZero = pick(devices, 3 + devices / 1000, gpsDevices, d);
    gpsSea = pick(devices, 1 + devices / 20000, gpsDevices, d);
    emptySubscriberRows = 2 + devices / 5000;
  }

  /** {@code count} distinct device positions, only among {@code among} when given. */
  private static BitSet pick(int devices, int count, BitSet among, Draw d) {
    int[] members = among == null ? null : among.stream().toArray();
    int pool = members == null ? devices : members.length;
    BitSet out = new BitSet(devices);
    int want = Math.min(count, pool);
    while (out.cardinality() < want) {
      int k = d.index(pool);
      out.set(members == null ? k : members[k]);
    }
    return out;
  }
}
