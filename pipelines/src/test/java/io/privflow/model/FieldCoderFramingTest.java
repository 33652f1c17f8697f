package io.privflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

/**
 * A field coder writes its fields through a buffer and frames them with their length: every
 * {@code DataOutput} method must round-trip, values must follow one another in one stream (as a
 * runner writes a key and its value), and a short or overlong frame must fail, never be misread.
 */
class FieldCoderFramingTest {
  record Everything(boolean b, byte y, short s, char c, int i, long l, float f, double d, String utf, byte[] raw,
      long varint, long zigzag) {}

  private static final Coder<Everything> CODER = Coders.of(Everything.class,
      (v, out) -> {
        out.writeBoolean(v.b());
        out.writeByte(v.y());
        out.writeShort(v.s());
        out.writeChar(v.c());
        out.writeInt(v.i());
        out.writeLong(v.l());
        out.writeFloat(v.f());
        out.writeDouble(v.d());
        out.writeUTF(v.utf());
        out.writeInt(v.raw().length);
        out.write(v.raw());
        Coders.writeVarLong(out, v.varint());
        Coders.writeZigZag(out, v.zigzag());
      },
      in -> {
        boolean b = in.readBoolean();
        byte y = in.readByte();
        short s = in.readShort();
        char c = in.readChar();
        int i = in.readInt();
        long l = in.readLong();
        float f = in.readFloat();
        double d = in.readDouble();
        String utf = in.readUTF();
        byte[] raw = new byte[in.readInt()];
        in.readFully(raw);
        return new Everything(b, y, s, c, i, l, f, d, utf, raw, Coders.readVarLong(in), Coders.readZigZag(in));
      });

  private static Everything sample(int size) {
    byte[] raw = new byte[size];
    for (int k = 0; k < size; k++) {
      raw[k] = (byte) (k * 31);
    }
    return new Everything(true, (byte) -7, (short) -12345, 'é', Integer.MIN_VALUE, Long.MAX_VALUE, -0.5f,
        Math.PI, "Århus – Ærø ✓", raw, Long.MAX_VALUE, Long.MIN_VALUE);
  }

  private static void assertSame(Everything a, Everything b) {
    assertEquals(Arrays.toString(a.raw()), Arrays.toString(b.raw()));
    assertEquals(a.utf(), b.utf());
    assertEquals(a.l(), b.l());
    assertEquals(a.d(), b.d());
    assertEquals(a.c(), b.c());
    assertEquals(a.s(), b.s());
    assertEquals(a.varint(), b.varint());
    assertEquals(a.zigzag(), b.zigzag());
  }

  @Test
  void everyFieldKindRoundTripsAtEverySize() throws Exception {
    // 0 and 100 bytes fit a one-byte length; 300 and 70,000 need two and three; 3 MB grows the buffer past its reuse cap.
    for (int size : new int[] {0, 100, 300, 70_000, 3_000_000}) {
      Everything v = sample(size);
      assertSame(v, CoderUtils.clone(CODER, v));
      CoderProperties.coderDeterministic(CODER, v, v);
    }
  }

  @Test
  void valuesFollowOneAnotherInOneStream() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Everything big = sample(5_000);
    Everything small = sample(3);
    CODER.encode(big, out);
    CODER.encode(small, out);
    out.write(0x5A); // what the runner writes next
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertSame(big, CODER.decode(in));
    assertSame(small, CODER.decode(in));
    assertEquals(0x5A, in.read(), "the decoder read exactly its own bytes");
  }

  @Test
  void aTruncatedValueFailsInsteadOfBeingMisread() throws Exception {
    byte[] bytes = CoderUtils.encodeToByteArray(CODER, sample(40));
    for (int cut : new int[] {0, 1, bytes.length / 2, bytes.length - 1}) {
      byte[] shorter = Arrays.copyOf(bytes, cut);
      assertThrows(EOFException.class, () -> CODER.decode(new ByteArrayInputStream(shorter)), "cut at " + cut);
    }
  }

  @Test
  void aFrameLongerThanItsFieldsFails() throws Exception {
    byte[] bytes = CoderUtils.encodeToByteArray(CODER, sample(10));
    // Same fields, the frame's length one more and a stray byte appended inside the frame.
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    longer[0]++;
    IOException e = assertThrows(IOException.class, () -> CODER.decode(new ByteArrayInputStream(longer)));
    assertEquals("Everything: 1 bytes left unread", e.getMessage());
  }

  @Test
  void aWriterThatEncodesAnotherValueInsideItsOwnWriteKeepsBothIntact() throws Exception {
    // The thread's buffer is in use during a write; an encode inside it must take a fresh one.
    Coder<long[]> nested = Coders.of(long[].class,
        (v, out) -> {
          Coders.writeVarLong(out, v.length);
          for (long x : v) {
            byte[] inner = CoderUtils.encodeToByteArray(CODER, sample((int) x));
            out.writeInt(inner.length);
            out.write(inner);
          }
        },
        in -> {
          long[] v = new long[(int) Coders.readVarLong(in)];
          for (int k = 0; k < v.length; k++) {
            byte[] inner = new byte[in.readInt()];
            in.readFully(inner);
            v[k] = CoderUtils.decodeFromByteArray(CODER, inner).raw().length;
          }
          return v;
        });
    long[] sizes = {5, 700, 0};
    assertArrayEquals(sizes, CoderUtils.clone(nested, sizes));
  }
}
